package dev.cohortsync.contract.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.StoredEvent;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.emulator.timeline.Timeline;
import dev.cohortsync.emulator.timeline.TimelineParser;
import dev.cohortsync.emulator.timeline.TimelinePlayer;
import dev.cohortsync.emulator.timeline.TimelineSource;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays the bundled demo timeline in-process (fake Amplitude, sync engine, fake Segment, all over
 * loopback HTTP) and checks every run against counts computed here from the fixture CSV files with
 * plain set arithmetic, independent of the engine's diff.
 */
class DemoTimelineEndToEndTest {

  private static final String FOLDER = "cohort-sync-fixtures/demo/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Emulator emulator;
  private static Timeline timeline;
  private static TimelinePlayer.Result result;
  private static List<Expected> expectedRuns;

  /** Expected identify calls of one run, per cohort id. */
  record Expected(Duration at, Map<String, Set<String>> joined, Map<String, Set<String>> left,
      Map<String, Integer> anonymous, Map<String, Set<String>> members) {}

  @BeforeAll
  static void playDemo() throws IOException {
    JsonNode file = readJson(FOLDER + "timeline.json");
    expectedRuns = expectedRuns(file);
    timeline = TimelineParser.parse(TimelineSource.bundled("demo"), "timeline.json");
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = VirtualClock.frozenAt(timeline.start());
                  cfg.sync.stateDirectory = null;
                  cfg.sync.tickInterval = Duration.ZERO;
                })
            .start();
    result = new TimelinePlayer(emulator, timeline, TimelineSource.bundled("demo"), new TimelinePlayer.Listener() {})
        .play();
  }

  @AfterAll
  static void stop() {
    if (emulator != null) {
      emulator.stop();
    }
  }

  @Test
  void runsAtEachHourAfterTheSyncIsCreated() {
    assertThat(result.runs()).extracting(run -> Duration.between(timeline.start(), run.startedAt()))
        .containsExactlyElementsOf(expectedRuns.stream().map(Expected::at).toList());
    assertThat(result.runs()).extracting(RunReport::status).containsOnly(RunStatus.SUCCEEDED);
  }

  @Test
  void eachRunSendsExactlyTheJoinsAndLeavesImpliedByTheFixtures() {
    for (int i = 0; i < expectedRuns.size(); i++) {
      Expected expected = expectedRuns.get(i);
      RunReport run = result.runs().get(i);
      for (String cohortId : expected.members().keySet()) {
        CohortReport cohort = run.cohort(cohortId);
        String where = "run " + (i + 1) + ", cohort " + cohortId;
        assertThat(cohort.sentTrue()).as(where + " true").isEqualTo(expected.joined().get(cohortId).size());
        assertThat(cohort.sentFalse()).as(where + " false").isEqualTo(expected.left().get(cohortId).size());
        assertThat(cohort.skipped()).as(where + " skipped").isEqualTo((long) expected.anonymous().get(cohortId));
        assertThat(cohort.failed()).as(where + " failed").isZero();
      }
    }
  }

  @Test
  void fakeSegmentHoldsTheIdentifiesOfEveryRunWithTheDocumentedPayload() {
    List<StoredEvent> events = allIdentifies();
    Map<String, String> names = cohortNamesFromFixture();
    Map<String, String> traitToCohort = new HashMap<>();
    names.forEach((id, name) -> traitToCohort.put("[Amplitude] " + name + " (" + id + ")", id));
    Map<String, Integer> expectedByTraitValue = new HashMap<>();
    for (Expected run : expectedRuns) {
      run.joined().forEach((cohort, users) -> expectedByTraitValue.merge(cohort + "=true", users.size(), Integer::sum));
      run.left().forEach((cohort, users) -> expectedByTraitValue.merge(cohort + "=false", users.size(), Integer::sum));
    }

    Map<String, Integer> storedByTraitValue = new HashMap<>();
    for (StoredEvent event : events) {
      JsonNode message = event.message();
      assertThat(message.path("type").asText()).isEqualTo("identify");
      assertThat(message.path("traits").size()).as("traits of %s", message).isEqualTo(1);
      assertThat(message.path("context").path("integration").path("name").asText()).isEqualTo("Amplitude Cohort Sync");
      assertThat(message.path("context").path("integration").path("version").asText()).isEqualTo("1.0.0");
      assertThat(message.path("userId").asText()).isNotEmpty();
      String trait = message.path("traits").fieldNames().next();
      assertThat(traitToCohort).as("trait key %s", trait).containsKey(trait);
      storedByTraitValue.merge(traitToCohort.get(trait) + "=" + message.path("traits").path(trait).asBoolean(),
          1, Integer::sum);
    }

    expectedByTraitValue.values().removeIf(count -> count == 0);
    assertThat(storedByTraitValue).isEqualTo(expectedByTraitValue);
  }

  @Test
  void replayingStoredIdentifiesYieldsTheFinalMembership() {
    Map<String, String> names = cohortNamesFromFixture();
    Map<String, Map<String, Boolean>> lastValue = new HashMap<>();
    for (StoredEvent event : allIdentifies()) {
      JsonNode message = event.message();
      String trait = message.path("traits").fieldNames().next();
      lastValue.computeIfAbsent(trait, k -> new HashMap<>())
          .put(message.path("userId").asText(), message.path("traits").path(trait).asBoolean());
    }

    Expected last = expectedRuns.get(expectedRuns.size() - 1);
    for (Map.Entry<String, Set<String>> cohort : last.members().entrySet()) {
      String trait = "[Amplitude] " + names.get(cohort.getKey()) + " (" + cohort.getKey() + ")";
      Set<String> replayedMembers = new HashSet<>();
      lastValue.getOrDefault(trait, Map.of()).forEach((user, member) -> {
        if (member) {
          replayedMembers.add(user);
        }
      });
      assertThat(replayedMembers).as("members of %s after replay", trait).isEqualTo(cohort.getValue());
    }
  }

  private static List<StoredEvent> allIdentifies() {
    List<StoredEvent> events = new ArrayList<>();
    EventQuery query = EventQuery.all().withType("identify").withWriteKey(timeline.writeKey())
        .withLimit(EventQuery.MAX_LIMIT);
    EventPage page = emulator.segment().events(query);
    events.addAll(page.events());
    while (page.nextAfter() != null) {
      page = emulator.segment().events(query.withAfter(page.nextAfter()));
      events.addAll(page.events());
    }
    return events;
  }

  // ---- expectations computed from the fixture files ----

  private static Map<String, String> cohortNamesFromFixture() {
    Map<String, String> names = new LinkedHashMap<>();
    readJson(FOLDER + "timeline.json").path("amplitude").path("cohorts")
        .forEach(cohort -> names.put(cohort.path("id").asText(), cohort.path("name").asText()));
    return names;
  }

  /**
   * Replays the timeline file's steps on plain maps and sets: the sync is created at its
   * createSync step and runs then and every hour after, up to the end; a run sees every step
   * before its time, and the first run also the steps up to and including createSync.
   */
  private static List<Expected> expectedRuns(JsonNode file) {
    Map<Long, String> userIds = new HashMap<>();
    readUsers(file.path("amplitude").path("users").asText(), userIds);
    Map<String, Set<Long>> members = new LinkedHashMap<>();
    file.path("amplitude").path("cohorts").forEach(c -> members.put(c.path("id").asText(), new HashSet<>()));

    List<JsonNode> steps = new ArrayList<>();
    file.path("steps").forEach(steps::add);
    steps.sort((a, b) -> Duration.parse(a.path("at").asText()).compareTo(Duration.parse(b.path("at").asText())));
    Duration end = Duration.parse(file.path("end").asText());
    Duration created = steps.stream().filter(step -> step.has("createSync"))
        .map(step -> Duration.parse(step.path("at").asText())).findFirst().orElseThrow();
    assertThat(file.path("syncs").get(0).path("cadence").asText()).isEqualTo("HOURLY");

    List<Expected> runs = new ArrayList<>();
    Map<String, Set<String>> previous = new HashMap<>();
    int next = 0;
    for (Duration runAt = created; runAt.compareTo(end) <= 0; runAt = runAt.plusHours(1)) {
      while (next < steps.size()) {
        Duration stepAt = Duration.parse(steps.get(next).path("at").asText());
        boolean firstRun = runAt.equals(created);
        if (stepAt.compareTo(runAt) < 0 || (firstRun && stepAt.equals(runAt))) {
          applyStep(steps.get(next), members, userIds);
          next++;
        } else {
          break;
        }
      }
      Map<String, Set<String>> current = new LinkedHashMap<>();
      Map<String, Integer> anonymous = new LinkedHashMap<>();
      for (Map.Entry<String, Set<Long>> cohort : members.entrySet()) {
        Set<String> users = new HashSet<>();
        int withoutUserId = 0;
        for (long amplitudeId : cohort.getValue()) {
          String userId = userIds.get(amplitudeId);
          if (userId == null || userId.isEmpty()) {
            withoutUserId++;
          } else {
            users.add(userId);
          }
        }
        current.put(cohort.getKey(), users);
        anonymous.put(cohort.getKey(), withoutUserId);
      }
      Map<String, Set<String>> joined = new LinkedHashMap<>();
      Map<String, Set<String>> left = new LinkedHashMap<>();
      for (String cohort : current.keySet()) {
        Set<String> before = previous.getOrDefault(cohort, Set.of());
        Set<String> in = new HashSet<>(current.get(cohort));
        in.removeAll(before);
        Set<String> out = new HashSet<>(before);
        out.removeAll(current.get(cohort));
        joined.put(cohort, in);
        left.put(cohort, out);
      }
      runs.add(new Expected(runAt, joined, left, anonymous, current));
      previous = current;
    }
    return runs;
  }

  private static void applyStep(JsonNode step, Map<String, Set<Long>> members, Map<Long, String> userIds) {
    if (step.has("members")) {
      JsonNode change = step.path("members");
      Set<Long> cohort = members.get(change.path("cohort").asText());
      if (change.has("set")) {
        cohort.clear();
        cohort.addAll(readIds(change.path("set").asText()));
      }
      if (change.has("add")) {
        cohort.addAll(readIds(change.path("add").asText()));
      }
      if (change.has("remove")) {
        cohort.removeAll(readIds(change.path("remove").asText()));
      }
    } else if (step.has("users")) {
      readUsers(step.path("users").asText(), userIds);
    }
  }

  private static void readUsers(String file, Map<Long, String> userIds) {
    for (NamedCsvRecord row : readCsv(file)) {
      userIds.put(Long.parseLong(row.getField("amplitude_id")), row.getField("user_id"));
    }
  }

  private static Set<Long> readIds(String file) {
    Set<Long> ids = new HashSet<>();
    for (NamedCsvRecord row : readCsv(file)) {
      ids.add(Long.parseLong(row.getField("amplitude_id")));
    }
    return ids;
  }

  private static List<NamedCsvRecord> readCsv(String file) {
    try (InputStream in = resource(FOLDER + file);
        CsvReader<NamedCsvRecord> reader =
            CsvReader.builder().ofNamedCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.stream().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson(String name) {
    try (InputStream in = resource(name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DemoTimelineEndToEndTest.class.getClassLoader().getResourceAsStream(name);
    assertThat(in).as("fixture resource %s", name).isNotNull();
    return in;
  }
}
