package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.testing.ChildJvm;
import dev.cohortsync.sync.testing.CrashProbe;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.FakeSegmentServer.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine process killed while a batch waits for Segment's answer, then restarted on the same
 * embedded store: it resends only the unanswered batch, with the same messageIds, and converges.
 */
class CrashRecoveryTest {

  private static final int MEMBERS = 50;

  @TempDir Path stateDirectory;

  @Test
  void killedEngineResendsOnlyTheUnansweredBatchAfterRestart() {
    String[] users = new String[MEMBERS];
    for (int i = 0; i < MEMBERS; i++) {
      users[i] = String.format("user-%03d", i);
    }
    try (FakeAmplitudeServer amplitude = FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
        FakeSegmentServer segment = FakeSegmentServer.start()) {
      amplitude.members("abc123", "Power Users", users);
      // Two batches of 10 are answered; the third never is, and the process dies waiting.
      segment.thenReply(Reply.ok(), Reply.ok(), Reply.hang());
      try (ChildJvm child = ChildJvm.start(CrashProbe.class, "256m", stateDirectory.toString(),
          amplitude.baseUri().toString(), segment.baseUri().toString(), "abc123")) {
        child.nextLine("STARTED", 60);
        await().atMost(Duration.ofSeconds(60)).until(() -> segment.batches().size() == 3);
        child.kill();
      }
      List<String> unanswered = messageIds(segment.batches().get(2));

      try (SyncEngine restarted = SyncEngine.create(EngineConfig.builder()
          .store(StoreConfig.embedded(stateDirectory)).build())) {
        RunReport report = restarted.runNow("crash");

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.cohort("abc123").sentTrue()).isEqualTo(30);
        assertThat(messageIds(segment.batches().get(3))).isEqualTo(unanswered);
        assertThat(restarted.runs("crash")).extracting(RunReport::status)
            .containsExactly(RunStatus.SUCCEEDED, RunStatus.ABANDONED);
      }
      Map<String, Integer> copies = new HashMap<>();
      for (FakeSegmentServer.Batch batch : segment.batches()) {
        messageIds(batch).forEach(id -> copies.merge(id, 1, Integer::sum));
      }
      assertThat(copies).hasSize(MEMBERS);
      assertThat(copies.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey))
          .containsExactlyInAnyOrderElementsOf(unanswered);
      assertThat(EngineHarness.replay(segment.receivedDeduplicated()).get("[Amplitude] Power Users (abc123)"))
          .hasSize(MEMBERS).doesNotContainValue(false);
    }
  }

  private static List<String> messageIds(FakeSegmentServer.Batch batch) {
    List<String> ids = new ArrayList<>();
    for (JsonNode message : batch.messages()) {
      ids.add(message.path("messageId").asText());
    }
    return ids;
  }
}
