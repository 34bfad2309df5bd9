package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.testing.ChildJvm;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.PostgresSupport;
import dev.cohortsync.sync.testing.RecordingSleeper;
import dev.cohortsync.sync.testing.SharedStoreProbe;
import dev.cohortsync.sync.testing.TestClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes (child JVMs) on one PostgreSQL store, ticking at the same virtual instant:
 * between them they run every due sync once and deliver every change exactly once.
 */
class SharedStoreProcessesTest {

  private static final int SYNCS = 10;
  private static final int MEMBERS = 30;
  private static final String FIRST_TICK = "2026-03-02T10:00:00Z";
  private static final String SECOND_TICK = "2026-03-02T11:00:00Z";

  private final FakeAmplitudeServer amplitude =
      FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
  private final FakeSegmentServer segment = FakeSegmentServer.start();
  private final List<ChildJvm> processes = new ArrayList<>();

  @AfterEach
  void close() {
    processes.forEach(ChildJvm::close);
    amplitude.close();
    segment.close();
  }

  private void setMembers(int round) {
    for (int c = 0; c < SYNCS; c++) {
      String[] users = new String[MEMBERS];
      for (int u = 0; u < MEMBERS; u++) {
        users[u] = "c" + c + "-user-" + (u + round * MEMBERS / 3);
      }
      amplitude.members("c" + c, "Cohort " + c, users);
    }
  }

  private List<String> tickBoth(String instant) {
    processes.forEach(process -> process.send("tick " + instant));
    List<String> ran = new ArrayList<>();
    for (ChildJvm process : processes) {
      String line = process.nextLine("TICKED", 120).substring("TICKED".length()).trim();
      if (!line.isEmpty()) {
        ran.addAll(Arrays.asList(line.split(",")));
      }
    }
    return ran;
  }

  @Test
  void twoProcessesSplitSyncsAndDeliverEveryChangeOnce() {
    StoreConfig.Postgres store = (StoreConfig.Postgres) PostgresSupport.freshStore();
    EngineConfig setup = EngineConfig.builder()
        .clock(TestClock.at(FIRST_TICK)).sleeper(new RecordingSleeper(null)).store(store).build();
    try (SyncEngine engine = SyncEngine.create(setup)) {
      for (int c = 0; c < SYNCS; c++) {
        engine.createSync(SyncDefinition.builder(
                "sync-" + c,
                new AmplitudeSource(amplitude.baseUri(), EngineHarness.API_KEY, EngineHarness.SECRET_KEY),
                new SegmentTarget(segment.baseUri(), EngineHarness.WRITE_KEY))
            .cohortIds("c" + c)
            .cadence(Cadence.HOURLY)
            .build());
      }
    }
    for (String owner : List.of("process-a", "process-b")) {
      ChildJvm process = ChildJvm.start(SharedStoreProbe.class, "256m", store.jdbcUrl(), owner);
      processes.add(process);
      process.nextLine("READY", 120);
    }

    setMembers(0);
    List<String> firstRound = tickBoth(FIRST_TICK);
    setMembers(1);
    List<String> secondRound = tickBoth(SECOND_TICK);

    assertThat(firstRound).doesNotHaveDuplicates().hasSize(SYNCS);
    assertThat(secondRound).doesNotHaveDuplicates().hasSize(SYNCS);
    List<JsonNode> received = new ArrayList<>();
    segment.batches().forEach(batch -> received.addAll(batch.messages()));
    Map<String, Integer> copies = new HashMap<>();
    received.forEach(message -> copies.merge(message.path("messageId").asText(), 1, Integer::sum));
    assertThat(copies.values()).allMatch(count -> count == 1);
    // First round: every member joins. Second round: a third leave and a third join.
    assertThat(received).hasSize(SYNCS * MEMBERS + SYNCS * (MEMBERS / 3) * 2);
  }
}
