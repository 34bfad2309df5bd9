package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.FakeSegmentServer.Reply;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Batching, retries, settling of batches and replay of unanswered ones. */
class DeliveryTest {

  private EngineHarness harness;

  private EngineHarness harness(Consumer<EngineConfig.Builder> settings) {
    harness = EngineHarness.inMemory(settings);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private static String[] users(int count) {
    String[] users = new String[count];
    for (int i = 0; i < count; i++) {
      users[i] = String.format("user-%05d", i);
    }
    return users;
  }

  private RunReport syncOnce(String... members) {
    harness.amplitude.members("abc123", "Power Users", members);
    if (harness.engine.sync("s1").isEmpty()) {
      harness.engine.createSync(harness.definition("s1", "abc123").build());
    }
    return harness.engine.runNow("s1");
  }

  @Nested
  class Batching {

    @Test
    void splits2500ChangesIntoBatchesOf1000() {
      harness(settings -> {});

      RunReport report = syncOnce(users(2_500));

      List<FakeSegmentServer.Batch> batches = harness.segment.batches();
      assertThat(batches).extracting(batch -> batch.messages().size())
          .containsExactlyInAnyOrder(1_000, 1_000, 500);
      assertThat(report.cohort("abc123").sentTrue()).isEqualTo(2_500);
      Set<String> users = new HashSet<>();
      harness.segment.acknowledgedIdentifies().forEach(identify -> users.add(identify.path("userId").asText()));
      assertThat(users).hasSize(2_500);
      assertThat(harness.segment.maxInFlight()).isLessThanOrEqualTo(4);
    }

    @Test
    void usersPerBatchIsConfigurable() {
      harness(settings -> settings.usersPerBatch(3));

      syncOnce(users(10));

      assertThat(harness.segment.batches()).extracting(batch -> batch.messages().size())
          .containsExactlyInAnyOrder(3, 3, 3, 1);
    }

    @Test
    void cutsBatchesAtTheByteLimit() {
      harness(settings -> {});
      String[] users = new String[600];
      for (int i = 0; i < users.length; i++) {
        users[i] = String.format("%05d-", i) + "x".repeat(2_000);
      }

      RunReport report = syncOnce(users);

      assertThat(harness.segment.batches()).hasSizeGreaterThan(1);
      assertThat(harness.segment.batches()).allSatisfy(batch -> assertThat(batch.bytes()).isLessThanOrEqualTo(512_000));
      assertThat(report.cohort("abc123").sentTrue()).isEqualTo(600);
    }

    @Test
    void oversizedMessageIsFailedAndNotSent() {
      harness(settings -> {});
      String huge = "h".repeat(40_000);

      RunReport report = syncOnce("u1", huge);

      assertThat(harness.sentValues()).containsExactly("u1=true");
      assertThat(report.cohort("abc123").failed()).isEqualTo(1);
      assertThat(report.cohort("abc123").failures().get(0)).contains("32768-byte message limit");
      assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
    }

    @Test
    void messagesAreMeasuredInUtf8Bytes() {
      harness(settings -> settings.maxMessageBytes(1_000));
      String wide = "é".repeat(400);

      RunReport report = syncOnce("u1", wide);

      assertThat(report.cohort("abc123").failed()).isEqualTo(1);
      assertThat(harness.sentValues()).containsExactly("u1=true");
    }
  }

  @Nested
  class Retries {

    @Test
    void retries503AndSucceeds() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.status(503));

      RunReport report = syncOnce("u1", "u2");

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.cohort("abc123").retriedBatches()).isEqualTo(1);
      assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofSeconds(1));
      assertThat(harness.replayAcknowledged().values().iterator().next()).containsOnlyKeys("u1", "u2");
    }

    @Test
    void backoffDoublesFromOneSecondPastTwoMinutes() {
      harness(settings -> {});
      harness.segment.thenReply(9, Reply.status(500));

      RunReport report = syncOnce("u1");

      assertThat(harness.sleeper.sleeps()).containsExactly(
          Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
          Duration.ofSeconds(16), Duration.ofSeconds(32), Duration.ofSeconds(64), Duration.ofSeconds(128));
      assertThat(harness.segment.batches()).hasSize(9);
      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.cohort("abc123").failed()).isEqualTo(1);
    }

    @Test
    void changesOfExhaustedBatchAreSentOnNextRun() {
      harness(settings -> {});
      harness.segment.thenReply(9, Reply.status(502));
      syncOnce("u1");
      harness.segment.clear();

      RunReport next = syncOnce("u1");

      assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.sentValues()).containsExactly("u1=true");
    }

    @Test
    void honoursRetryAfterSeconds() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.status(429, "Retry-After", "7"));

      syncOnce("u1");

      assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void honoursRetryAfterHttpDate() {
      harness(settings -> {});
      String inTwentySeconds = DateTimeFormatter.RFC_1123_DATE_TIME
          .format(harness.clock.instant().plusSeconds(20).atOffset(ZoneOffset.UTC));
      harness.segment.thenReply(Reply.status(503, "Retry-After", inTwentySeconds));

      syncOnce("u1");

      assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void capsRetryAfterAtFiveMinutes() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.status(429, "Retry-After", "3600"));

      syncOnce("u1");

      assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofMinutes(5));
    }

    @Test
    void retries408() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.status(408));

      RunReport report = syncOnce("u1");

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void doesNotRetry501() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.status(501));

      RunReport report = syncOnce("u1");

      assertThat(harness.segment.batches()).hasSize(1);
      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void rejectedBatchIsReportedAndRestDelivered() {
      harness(settings -> settings.usersPerBatch(2).maxBatchesInFlight(1));
      harness.segment.thenReply(Reply.status(400));

      RunReport report = syncOnce("u1", "u2", "u3", "u4");

      CohortReport cohort = report.cohort("abc123");
      assertThat(report.status()).isEqualTo(RunStatus.PARTIAL);
      assertThat(cohort.sentTrue()).isEqualTo(2);
      assertThat(cohort.failed()).isEqualTo(2);
      assertThat(cohort.failures()).singleElement().asString().contains("HTTP 400");
      assertThat(harness.segment.batches()).hasSize(2);
    }

    @Test
    void droppedConnectionIsRetriedWithSameMessageIds() {
      harness(settings -> {});
      harness.segment.thenReply(Reply.dropAfterReading());

      RunReport report = syncOnce("u1", "u2");

      List<FakeSegmentServer.Batch> batches = harness.segment.batches();
      assertThat(batches).hasSize(2);
      assertThat(messageIds(batches.get(1).messages())).isEqualTo(messageIds(batches.get(0).messages()));
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.segment.receivedDeduplicated()).hasSize(2);
    }

    @Test
    void unansweredBatchStaysPendingAndIsReplayedFirst() {
      harness(settings -> settings.maxRetries(1));
      harness.segment.thenReply(Reply.dropAfterReading(), Reply.dropAfterReading());
      RunReport first = syncOnce("u1", "u2");
      List<String> firstIds = messageIds(harness.segment.batches().get(0).messages());
      harness.segment.clear();

      RunReport second = syncOnce("u1", "u2", "u3");

      assertThat(first.status()).isEqualTo(RunStatus.FAILED);
      assertThat(first.cohort("abc123").failures().get(0)).contains("stays pending");
      List<FakeSegmentServer.Batch> batches = harness.segment.batches();
      assertThat(batches).hasSize(2);
      assertThat(messageIds(batches.get(0).messages())).isEqualTo(firstIds);
      assertThat(harness.sentValues()).containsExactly("u1=true", "u2=true", "u3=true");
      assertThat(second.cohort("abc123").sentTrue()).isEqualTo(3);
    }

    @Test
    void pendingBatchKeepsItsTimestampOnReplay() {
      harness(settings -> settings.maxRetries(0));
      harness.segment.thenReply(Reply.dropAfterReading());
      syncOnce("u1");
      String firstTimestamp = harness.segment.batches().get(0).messages().get(0).path("timestamp").asText();
      harness.clock.advance(Duration.ofHours(1));
      harness.segment.clear();

      syncOnce("u1");

      JsonNode replayed = harness.segment.batches().get(0).messages().get(0);
      assertThat(replayed.path("timestamp").asText()).isEqualTo(firstTimestamp);
      assertThat(harness.segment.batches().get(0).body().path("sentAt").asText()).isEqualTo("2026-03-02T11:00:00.000Z");
    }
  }

  @Nested
  class Export {

    @Test
    void pollsOnceASecondUntilTheJobCompletes() {
      harness(settings -> {});
      harness.amplitude.pollsBeforeCompletion(3);

      RunReport report = syncOnce("u1");

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.sleeper.sleeps()).containsExactly(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void gzipBodyAndRedirectAreFollowedWithoutCredentials() {
      harness(settings -> {});
      harness.amplitude.gzip(true).redirectDownloads(true);

      RunReport report = syncOnce("u1", "u2");

      assertThat(report.cohort("abc123").sentTrue()).isEqualTo(2);
      assertThat(harness.amplitude.redirectAuthHeaders()).containsExactly("");
    }

    @Test
    void rateLimitedCohortListIsRetried() {
      harness(settings -> {});
      harness.amplitude.rateLimitList(1);

      RunReport report = syncOnce("u1");

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(harness.sleeper.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void failedExportRequestFailsTheCohortWithItsStatus() {
      harness(settings -> {});
      harness.amplitude.failExportRequests(1);

      RunReport report = syncOnce("u1");

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.cohort("abc123").error()).contains("HTTP 404").contains("abc123");
      assertThat(harness.segment.batches()).isEmpty();
    }

    @Test
    void wrongSecretFailsTheRunWithAHint() {
      harness(settings -> {});
      harness.amplitude.members("abc123", "Power Users", "u1");
      harness.engine.createSync(SyncDefinition.builder(
              "s1", new AmplitudeSource(harness.amplitude.baseUri(), EngineHarness.API_KEY, "wrong"), harness.target())
          .cohortIds("abc123").build());

      RunReport report = harness.engine.runNow("s1");

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("HTTP 403").contains("secret key").doesNotContain(EngineHarness.API_KEY);
    }

    @Test
    void extraColumnsAndQuotedFieldsAreRead() {
      harness(settings -> {});
      harness.amplitude.cohort("abc123", "Power Users",
          List.of(new Row("1", "user,with\"quote"), new Row("2", "plain")));

      harness.engine.createSync(harness.definition("s1", "abc123").build());
      harness.engine.runNow("s1");

      assertThat(harness.sentValues()).containsExactlyInAnyOrder("user,with\"quote=true", "plain=true");
    }
  }

  private static List<String> messageIds(List<JsonNode> messages) {
    List<String> ids = new ArrayList<>();
    messages.forEach(message -> ids.add(message.path("messageId").asText()));
    return ids;
  }
}
