package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Membership semantics: which identifies a run sends for a membership history. */
class SyncSemanticsTest {

  private static final String KEY = "[Amplitude] Power Users (abc123)";

  private final EngineHarness harness = EngineHarness.inMemory();

  @AfterEach
  void close() {
    harness.close();
  }

  private RunReport sync(String... members) {
    harness.amplitude.members("abc123", "Power Users", members);
    return harness.engine.runNow("s1");
  }

  private void create() {
    harness.engine.createSync(harness.definition("s1", "abc123").build());
  }

  @Test
  void firstSyncSendsTrueForEveryMember() {
    create();
    RunReport report = sync("u1", "u2");

    assertThat(harness.sentValues()).containsExactlyInAnyOrder("u1=true", "u2=true");
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.cohort("abc123").sentTrue()).isEqualTo(2);
    assertThat(report.cohort("abc123").traitKey()).isEqualTo(KEY);
  }

  @Test
  void unchangedCohortSendsNothing() {
    create();
    sync("u1", "u2");
    harness.segment.clear();

    RunReport report = sync("u1", "u2");

    assertThat(harness.segment.batches()).isEmpty();
    assertThat(report.totals().sentTrue() + report.totals().sentFalse()).isZero();
    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void joinerGetsTrueOnly() {
    create();
    sync("u1");
    harness.segment.clear();

    sync("u1", "u3");

    assertThat(harness.sentValues()).containsExactly("u3=true");
  }

  @Test
  void leaverGetsFalseOnly() {
    create();
    sync("u1", "u2");
    harness.segment.clear();

    RunReport report = sync("u2");

    assertThat(harness.sentValues()).containsExactly("u1=false");
    assertThat(report.cohort("abc123").sentFalse()).isEqualTo(1);
  }

  @Test
  void emptiedCohortSendsFalseToEveryone() {
    create();
    sync("u1", "u2");
    harness.segment.clear();

    sync();

    assertThat(harness.sentValues()).containsExactlyInAnyOrder("u1=false", "u2=false");
  }

  @Test
  void swapSendsOneFalseAndOneTrue() {
    create();
    sync("u1");
    harness.segment.clear();

    sync("u2");

    assertThat(harness.sentValues()).containsExactlyInAnyOrder("u1=false", "u2=true");
  }

  @Test
  void rejoinAfterLeavingGetsTrueWithNewMessageId() {
    create();
    sync("u1");
    sync();
    sync("u1");

    List<JsonNode> sent = harness.segment.acknowledgedIdentifies();
    assertThat(harness.sentValues()).containsExactly("u1=true", "u1=false", "u1=true");
    assertThat(sent.get(2).path("messageId").asText()).isNotEqualTo(sent.get(0).path("messageId").asText());
  }

  @Test
  void membersWithoutUserIdAreSkippedAndListed() {
    create();
    harness.amplitude.cohort("abc123", "Power Users", List.of(Row.of("u1"), Row.anonymous("356896327775")));

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.sentValues()).containsExactly("u1=true");
    assertThat(report.cohort("abc123").skipped()).isEqualTo(1);
    assertThat(harness.engine.run(report.runId()).orElseThrow().cohort("abc123").skippedAmplitudeIds())
        .containsExactly("356896327775");
    assertThat(harness.segment.acknowledgedIdentifies())
        .allSatisfy(identify -> assertThat(identify.path("userId").asText()).isNotBlank());
  }

  @Test
  void memberWhoGainsUserIdIsAJoinUnderIt() {
    create();
    harness.amplitude.cohort("abc123", "Power Users", List.of(Row.of("u1"), Row.anonymous("777")));
    harness.engine.runNow("s1");
    harness.segment.clear();
    harness.amplitude.cohort("abc123", "Power Users", List.of(Row.of("u1"), new Row("777", "u9")));

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.sentValues()).containsExactly("u9=true");
    assertThat(report.cohort("abc123").skipped()).isZero();
  }

  @Test
  void memberWhoLosesUserIdIsALeaverUnderTheOldOne() {
    create();
    harness.amplitude.cohort("abc123", "Power Users", List.of(new Row("777", "u9")));
    harness.engine.runNow("s1");
    harness.segment.clear();
    harness.amplitude.cohort("abc123", "Power Users", List.of(Row.anonymous("777")));

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.sentValues()).containsExactly("u9=false");
    assertThat(report.cohort("abc123").skipped()).isEqualTo(1);
  }

  @Test
  void duplicateRowsCountOnce() {
    create();
    harness.amplitude.cohort("abc123", "Power Users", List.of(
        new Row("1", "u1"), new Row("2", "u1"), Row.anonymous("9"), Row.anonymous("9")));

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.sentValues()).containsExactly("u1=true");
    assertThat(report.cohort("abc123").skipped()).isEqualTo(1);
  }

  @Test
  void userInTwoCohortsGetsOneIdentifyPerCohort() {
    harness.engine.createSync(harness.definition("s1", "abc123", "def456").build());
    harness.amplitude.members("abc123", "Power Users", "u1");
    harness.amplitude.members("def456", "Churn Risk", "u1");

    harness.engine.runNow("s1");

    List<JsonNode> sent = harness.segment.acknowledgedIdentifies();
    assertThat(sent).hasSize(2);
    assertThat(sent).allSatisfy(identify -> assertThat(identify.path("traits").size()).isEqualTo(1));
    assertThat(harness.replayAcknowledged()).containsOnlyKeys(KEY, "[Amplitude] Churn Risk (def456)");
  }

  @Test
  void renamedCohortUsesNewKeyAndKeepsState() {
    create();
    sync("u1");
    harness.segment.clear();
    harness.amplitude.members("abc123", "Super Users", "u1", "u2");

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.replayAcknowledged()).isEqualTo(Map.of("[Amplitude] Super Users (abc123)", Map.of("u2", true)));
    assertThat(report.cohort("abc123").traitKey()).isEqualTo("[Amplitude] Super Users (abc123)");
  }

  @Test
  void renameWithRetirePolicyMovesEveryMemberToNewKey() {
    harness.engine.createSync(
        harness.definition("s1", "abc123").renamePolicy(RenamePolicy.RETIRE_OLD_KEY).build());
    sync("u1", "u2");
    harness.segment.clear();
    harness.amplitude.members("abc123", "Super Users", "u1", "u3");

    RunReport report = harness.engine.runNow("s1");

    assertThat(harness.replayAcknowledged()).isEqualTo(Map.of(
        KEY, Map.of("u1", false, "u2", false),
        "[Amplitude] Super Users (abc123)", Map.of("u1", true, "u3", true)));
    assertThat(report.cohort("abc123").sentFalse()).isEqualTo(2);
    assertThat(report.cohort("abc123").sentTrue()).isEqualTo(2);
  }

  @Test
  void renameWithRetirePolicyDoesNotRetireTwice() {
    harness.engine.createSync(
        harness.definition("s1", "abc123").renamePolicy(RenamePolicy.RETIRE_OLD_KEY).build());
    sync("u1");
    harness.amplitude.members("abc123", "Super Users", "u1");
    harness.engine.runNow("s1");
    harness.segment.clear();

    harness.engine.runNow("s1");

    assertThat(harness.segment.batches()).isEmpty();
  }

  @Test
  void archivedCohortFailsAndDisablesSchedule() {
    harness.engine.createSync(harness.definition("s1", "abc123").cadence(Cadence.DAILY).build());
    sync("u1");
    harness.segment.clear();
    harness.amplitude.archive("abc123");

    RunReport report = harness.engine.runNow("s1");

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.cohort("abc123").error()).contains("archived");
    assertThat(harness.segment.batches()).isEmpty();
    Sync sync = harness.engine.sync("s1").orElseThrow();
    assertThat(sync.enabled()).isFalse();
    assertThat(sync.nextRunAt()).isNull();
    assertThat(sync.disabledReason()).contains("archived");
  }

  @Test
  void unknownCohortFailsWithItsId() {
    harness.engine.createSync(harness.definition("s1", "nosuch1").build());
    harness.amplitude.members("abc123", "Power Users", "u1");

    RunReport report = harness.engine.runNow("s1");

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.cohort("nosuch1").error()).contains("nosuch1").contains("not in the project");
  }

  @Test
  void allCohortsModeSkipsArchivedCohorts() {
    harness.engine.createSync(harness.definition("s1").build());
    harness.amplitude.members("abc123", "Power Users", "u1");
    harness.amplitude.members("old1", "Old", "u2").archive("old1");

    RunReport report = harness.engine.runNow("s1");

    assertThat(report.cohorts()).extracting(CohortReport::cohortId).containsExactly("abc123");
    assertThat(harness.sentValues()).containsExactly("u1=true");
  }

  @Test
  void traitKeyFollowsTemplate() {
    harness.engine.createSync(harness.definition("s1", "abc123").traitKeyTemplate("[Amplitude] {name}: {id}").build());

    sync("u1");

    assertThat(harness.replayAcknowledged()).containsOnlyKeys("[Amplitude] Power Users: abc123");
  }

  @Test
  void identifyHasExactlyTheDocumentedShape() {
    create();
    sync("u1");

    JsonNode identify = harness.segment.acknowledgedIdentifies().get(0);
    assertThat(identify.fieldNames()).toIterable()
        .containsExactly("type", "userId", "traits", "context", "messageId", "timestamp");
    assertThat(identify.path("type").asText()).isEqualTo("identify");
    assertThat(identify.path("userId").asText()).isEqualTo("u1");
    assertThat(identify.path("traits").toString()).isEqualTo("{\"" + KEY.replace("\"", "\\\"") + "\":true}");
    assertThat(identify.path("context").toString())
        .isEqualTo("{\"integration\":{\"name\":\"Amplitude Cohort Sync\",\"version\":\"1.0.0\"}}");
    assertThat(identify.path("messageId").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(identify.path("timestamp").asText()).isEqualTo("2026-03-02T10:00:00.000Z");
  }

  @Test
  void batchUsesBasicAuthWithWriteKeyAndJson() {
    create();
    sync("u1");

    var batch = harness.segment.batches().get(0);
    assertThat(batch.authorization()).isEqualTo("Basic c2VnbWVudC13cml0ZS1rZXktMDAwMTo=");
    assertThat(batch.contentType()).isEqualTo("application/json");
    assertThat(batch.body().fieldNames()).toIterable().containsExactly("batch", "sentAt");
    assertThat(batch.body().path("sentAt").asText()).isEqualTo("2026-03-02T10:00:00.000Z");
  }

  @Test
  void timestampsFollowTheEngineClock() {
    create();
    harness.clock.advance(Duration.ofHours(5));

    sync("u1");

    assertThat(harness.segment.acknowledgedIdentifies().get(0).path("timestamp").asText())
        .isEqualTo("2026-03-02T15:00:00.000Z");
  }
}
