package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.sync.testing.ChildJvm;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.MemoryProbe;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-million-member cohort syncs in an engine JVM limited to a 384 MB heap: the export streams
 * into compact sorted arrays and the Segment stand-in only counts what arrives. A second run with
 * 20,000 changes proves the diff against two million stored members fits too. The child exits at
 * once on an OutOfMemoryError, which fails the test. No timing is asserted.
 */
class LargeCohortMemoryTest {

  private static final long MEMBERS = 2_000_000;
  private static final long MOVED = 10_000;

  @TempDir Path stateDirectory;

  private static Iterator<Row> rows(long firstUser) {
    return LongStream.range(firstUser, firstUser + MEMBERS)
        .mapToObj(i -> new Row(Long.toString(100_000_000_000L + i), String.format("user-%08d", i)))
        .iterator();
  }

  @Test
  @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
  void twoMillionMembersSyncWithin384MegabyteHeap() {
    try (FakeAmplitudeServer amplitude = FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
        FakeSegmentServer segment = FakeSegmentServer.startCounting()) {
      amplitude.streamedCohort("big1", "Everyone", MEMBERS, () -> rows(0));
      try (ChildJvm child = ChildJvm.start(MemoryProbe.class, "384m", stateDirectory.toString(),
          amplitude.baseUri().toString(), segment.baseUri().toString(), "big1")) {
        String first = child.nextLine("RUN1", 480);
        long trueAfterFirst = segment.countedTrue();
        amplitude.streamedCohort("big1", "Everyone", MEMBERS, () -> rows(MOVED));
        child.send("next");
        String second = child.nextLine("RUN2", 480);
        int exit = child.waitFor(120);

        System.out.println("2,000,000-member sync, engine heap -Xmx384m: " + first + " | " + second);
        assertThat(first).contains("status=SUCCEEDED").contains("true=2000000");
        assertThat(second).contains("status=SUCCEEDED").contains("true=10000").contains("false=10000");
        assertThat(trueAfterFirst).isEqualTo(MEMBERS);
        assertThat(segment.countedTrue()).isEqualTo(MEMBERS + MOVED);
        assertThat(segment.countedFalse()).isEqualTo(MOVED);
        assertThat(segment.maxBatchBytes()).isLessThanOrEqualTo(512_000);
        assertThat(segment.maxBatchMessages()).isLessThanOrEqualTo(1_000);
        assertThat(exit).isZero();
      }
    }
  }
}
