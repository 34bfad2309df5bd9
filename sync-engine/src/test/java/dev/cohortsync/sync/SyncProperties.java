package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.Generators.LargeCohort;
import dev.cohortsync.sync.Generators.Snapshot;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sync contract as properties over generated membership histories: renames, members gaining
 * and losing user ids, duplicate rows and empty cohorts included. Every example uses a sync of its
 * own on one engine, so examples never see each other's state.
 */
class SyncProperties {

  private static final int EXAMPLES = 120;

  private static EngineHarness harness;
  private static final AtomicInteger examples = new AtomicInteger();

  @BeforeAll
  static void start() {
    harness = EngineHarness.inMemory(settings -> settings.usersPerBatch(3).maxBatchesInFlight(2));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** The identifies each run of the history got acknowledged, run by run. */
  private static List<List<JsonNode>> play(List<Snapshot> history, RenamePolicy policy) {
    String id = "p" + examples.incrementAndGet();
    harness.engine.createSync(harness.definition(id, "c-" + id).renamePolicy(policy).build());
    List<List<JsonNode>> runs = new ArrayList<>();
    for (Snapshot snapshot : history) {
      harness.segment.clear();
      harness.amplitude.cohort("c-" + id, snapshot.name(), snapshot.rows());
      RunReport report = harness.engine.runNow(id);
      assertThat(report.status()).as(report.toString()).isEqualTo(RunStatus.SUCCEEDED);
      runs.add(harness.segment.acknowledgedIdentifies());
    }
    return runs;
  }

  /** User id to value over every trait key of the run; a user never gets two values in one run. */
  private static Map<String, Boolean> values(List<JsonNode> run) {
    Map<String, Boolean> values = new TreeMap<>();
    for (JsonNode identify : run) {
      identify.path("traits").fields().forEachRemaining(trait -> {
        Boolean earlier = values.put(identify.path("userId").asText(), trait.getValue().asBoolean());
        assertThat(earlier).as("second identify for %s in one run", identify.path("userId")).isNull();
      });
    }
    return values;
  }

  @Test
  void eachRunSendsExactlyJoinsAndLeaves() {
    qt().withExamples(EXAMPLES).forAll(Generators.histories()).checkAssert(history -> {
      List<List<JsonNode>> runs = play(history, RenamePolicy.KEEP_OLD_KEY);
      Set<String> before = Set.of();
      for (int i = 0; i < history.size(); i++) {
        Set<String> after = history.get(i).userIds();
        assertThat(values(runs.get(i))).as("run %d of %s", i, history).isEqualTo(Generators.difference(before, after));
        before = after;
      }
    });
  }

  @Test
  void replayingAcknowledgedIdentifiesYieldsFinalMembership() {
    qt().withExamples(EXAMPLES).forAll(Generators.histories()).checkAssert(history -> {
      List<JsonNode> all = new ArrayList<>();
      play(history, RenamePolicy.KEEP_OLD_KEY).forEach(all::addAll);
      Map<String, Boolean> last = new TreeMap<>();
      for (JsonNode identify : all) {
        identify.path("traits").fields().forEachRemaining(trait ->
            last.put(identify.path("userId").asText(), trait.getValue().asBoolean()));
      }
      Set<String> finalMembers = history.get(history.size() - 1).userIds();
      Set<String> trueUsers = new TreeSet<>();
      last.forEach((user, value) -> {
        if (value) {
          trueUsers.add(user);
        }
      });
      assertThat(trueUsers).as("history %s", history).isEqualTo(finalMembers);
    });
  }

  @Test
  void retirePolicyLeavesExactlyTheMembersTrueUnderTheCurrentKey() {
    qt().withExamples(EXAMPLES).forAll(Generators.histories()).checkAssert(history -> {
      List<JsonNode> all = new ArrayList<>();
      play(history, RenamePolicy.RETIRE_OLD_KEY).forEach(all::addAll);
      Snapshot last = history.get(history.size() - 1);
      String currentKey = TraitKeyTemplate.DEFAULT.render(last.name(), "c-p" + examples.get());
      Map<String, Map<String, Boolean>> byKey = Generators.lastValues(all);
      byKey.forEach((key, values) -> {
        if (key.equals(currentKey)) {
          assertThat(values.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList())
              .as("current key after %s", history).containsExactlyInAnyOrderElementsOf(last.userIds());
        } else {
          assertThat(values).as("retired key %s after %s", key, history).doesNotContainValue(true);
        }
      });
    });
  }

  @Test
  void runWithoutChangeSendsNothing() {
    qt().withExamples(EXAMPLES).forAll(Generators.histories()).checkAssert(history -> {
      List<Snapshot> withRepeat = new ArrayList<>(history);
      withRepeat.add(history.get(history.size() - 1).exportedAgain());

      List<List<JsonNode>> runs = play(withRepeat, RenamePolicy.KEEP_OLD_KEY);

      assertThat(runs.get(runs.size() - 1)).as("repeat of %s", history).isEmpty();
    });
  }

  @Test
  void convergesAfterRandomSegmentFaults() {
    qt().withExamples(EXAMPLES).forAll(Generators.histories(), Generators.faultSchedules())
        .checkAssert((history, faults) -> {
          String id = "f" + examples.incrementAndGet();
          harness.engine.createSync(harness.definition(id, "c-" + id).build());
          harness.segment.clearScript();
          harness.segment.clear();
          harness.segment.thenReply(faults.toArray(FakeSegmentServer.Reply[]::new));
          for (Snapshot snapshot : history) {
            harness.amplitude.cohort("c-" + id, snapshot.name(), snapshot.rows());
            harness.engine.runNow(id);
          }
          harness.segment.clearScript();
          RunReport settling = harness.engine.runNow(id);

          Map<String, Boolean> last = new TreeMap<>();
          for (JsonNode identify : harness.segment.acknowledgedIdentifies()) {
            identify.path("traits").fields().forEachRemaining(trait ->
                last.put(identify.path("userId").asText(), trait.getValue().asBoolean()));
          }
          Set<String> trueUsers = new TreeSet<>();
          last.forEach((user, value) -> {
            if (value) {
              trueUsers.add(user);
            }
          });
          assertThat(settling.status()).as("settling run after %s with %s", history, faults)
              .isEqualTo(RunStatus.SUCCEEDED);
          assertThat(trueUsers).as("history %s with faults %s", history, faults)
              .isEqualTo(history.get(history.size() - 1).userIds());
        });
  }

  @Test
  void messagesAndBatchesStayWithinSizeLimits() {
    qt().withExamples(25).forAll(Generators.largeCohorts()).checkAssert(cohort -> {
      try (EngineHarness limited = EngineHarness.inMemory(settings -> settings.usersPerBatch(cohort.usersPerBatch()))) {
        List<Row> rows = new ArrayList<>();
        cohort.userIds().forEach(user -> rows.add(Row.of(user)));
        limited.amplitude.cohort("big", cohort.name(), rows);
        limited.engine.createSync(limited.definition("limits", "big").build());

        RunReport report = limited.engine.runNow("limits");

        long sent = 0;
        for (FakeSegmentServer.Batch batch : limited.segment.batches()) {
          assertThat(batch.bytes()).isLessThanOrEqualTo(EngineConfig.DEFAULT_MAX_BATCH_BYTES);
          assertThat(batch.messages()).hasSizeLessThanOrEqualTo(cohort.usersPerBatch());
          for (JsonNode message : batch.messages()) {
            assertThat(message.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(EngineConfig.DEFAULT_MAX_MESSAGE_BYTES);
            sent++;
          }
        }
        CohortReport result = report.cohort("big");
        assertThat(sent + result.failed()).isEqualTo(cohort.userIds().size());
        assertThat(result.sentTrue()).isEqualTo(sent);
      }
    });
  }
}
