package dev.cohortsync.emulator.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.timeline.Timeline.CreateSyncStep;
import dev.cohortsync.emulator.timeline.Timeline.MembersStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TimelineParserTest {

  @TempDir Path folder;

  @Test
  void parsesBundledDemo() {
    Timeline demo = TimelineParser.parse(TimelineSource.bundled("demo"), "timeline.json");

    assertThat(demo.name()).isEqualTo("demo");
    assertThat(demo.start()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
    assertThat(demo.cohorts()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(demo.cohortNames().values()).anyMatch(name -> !name.chars().allMatch(c -> c < 128));
    assertThat(demo.steps()).first().isInstanceOf(MembersStep.class);
    assertThat(demo.steps()).anyMatch(step -> step instanceof CreateSyncStep);
  }

  @Test
  void sortsStepsByOffsetKeepingFileOrder() throws IOException {
    ObjectNode root = minimal();
    ArrayNode steps = root.putArray("steps");
    steps.addObject().put("at", "PT10M").put("runSync", "s1");
    steps.addObject().put("at", "PT0S").put("users", "b.csv");
    steps.addObject().put("at", "PT0S").put("users", "a.csv");

    Timeline timeline = parse(root);

    assertThat(timeline.steps()).extracting(Timeline.Step::at)
        .containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
    assertThat(((Timeline.UsersStep) timeline.steps().get(0)).file()).isEqualTo("b.csv");
  }

  record BadCase(String description, Consumer<ObjectNode> edit, String expectedMessagePart) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<BadCase> badTimelines() {
    return Stream.of(
        new BadCase("missing name", root -> root.remove("name"), "name (missing) is invalid"),
        // an offset is not an instant
        new BadCase("start not an instant", root -> root.put("start", "PT5M"), "start (\"PT5M\")"),
        new BadCase("negative end", root -> root.put("end", "-PT1H"), "end (\"-PT1H\") is invalid; is negative"),
        new BadCase("region not US or EU", root -> project(root).put("region", "APAC"), "use US or EU"),
        new BadCase("app id as text", root -> project(root).put("appId", "153957"), "amplitude.project.appId"),
        new BadCase("empty api key", root -> project(root).put("apiKey", ""), "amplitude.project.apiKey"),
        new BadCase(
            "duplicate cohort id",
            root -> ((ArrayNode) root.path("amplitude").path("cohorts")).addObject().put("id", "c1").put("name", "again"),
            "give each cohort its own id"),
        new BadCase("unknown cadence", root -> sync(root).put("cadence", "weekly"), "syncs[0].cadence (\"weekly\")"),
        new BadCase(
            "sync names unknown cohort",
            root -> ((ArrayNode) sync(root).path("cohorts")).add("zz9"),
            "syncs[0].cohorts[1] (\"zz9\") is invalid; name a cohort defined in amplitude.cohorts [c1]"),
        new BadCase(
            "step with two kinds",
            root -> step(root).put("users", "u.csv").put("runSync", "s1"),
            "give exactly one of"),
        new BadCase("step after end", root -> step(root).put("at", "PT3H").put("runSync", "s1"), "is after the timeline's end"),
        new BadCase(
            "members with set and add",
            root -> step(root).putObject("members").put("cohort", "c1").put("set", "a.csv").put("add", "b.csv"),
            "give either set, or add and/or remove"),
        new BadCase(
            "create unknown sync", root -> step(root).put("createSync", "nope"), "steps[0].createSync (\"nope\")"),
        // a misspelt field must not be ignored
        new BadCase("unknown top-level field", root -> root.put("ending", 1), "ending (\"1\") is invalid; is not a field here"),
        new BadCase("unknown project field", root -> project(root).put("apikey", "k"), "amplitude.project.apikey"),
        new BadCase(
            "unknown members field",
            root -> step(root).putObject("members").put("cohort", "c1").put("sets", "a.csv"),
            "steps[0].members.sets"));
  }

  @ParameterizedTest
  @MethodSource("badTimelines")
  void rejectsInvalidTimeline(BadCase bad) {
    ObjectNode root = minimal();
    bad.edit().accept(root);

    assertThatThrownBy(() -> parse(root))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining(bad.expectedMessagePart());
  }

  @Test
  void skipsFieldsStartingWithUnderscoreAsComments() throws IOException {
    ObjectNode root = minimal();
    root.put("_comment", "anything");
    project(root).put("_note", "ignored");

    assertThat(parse(root).name()).isEqualTo("t");
  }

  @Test
  void rejectsMalformedJsonWithLine() throws IOException {
    Files.writeString(folder.resolve("timeline.json"), "{\n  \"name\": \"x\",\n  oops\n}");

    assertThatThrownBy(() -> TimelineParser.parse(TimelineSource.directory(folder), "timeline.json"))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("line 3");
  }

  @Test
  void rejectsFileNamesLeavingTheFolder() throws IOException {
    TimelineFiles files = new TimelineFiles(TimelineSource.directory(folder));

    assertThatThrownBy(() -> files.amplitudeIds("../outside.csv"))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining("leaves the timeline folder");
  }

  private Timeline parse(ObjectNode root) throws IOException {
    Files.writeString(folder.resolve("timeline.json"), root.toPrettyString());
    return TimelineParser.parse(TimelineSource.directory(folder), "timeline.json");
  }

  private static ObjectNode project(ObjectNode root) {
    return (ObjectNode) root.path("amplitude").path("project");
  }

  private static ObjectNode sync(ObjectNode root) {
    return (ObjectNode) root.path("syncs").get(0);
  }

  private static ObjectNode step(ObjectNode root) {
    ArrayNode steps = root.putArray("steps");
    return steps.addObject().put("at", "PT0S");
  }

  private static ObjectNode minimal() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("name", "t").put("start", "2026-01-05T09:00:00Z").put("end", "PT2H");
    ObjectNode amplitude = root.putObject("amplitude");
    amplitude.putObject("project")
        .put("name", "p").put("appId", 1).put("apiKey", "k").put("secretKey", "s");
    amplitude.putArray("cohorts").addObject().put("id", "c1").put("name", "Cohort One");
    root.putObject("segment").put("writeKey", "wk");
    ObjectNode sync = root.putArray("syncs").addObject().put("id", "s1").put("cadence", "hourly");
    sync.putArray("cohorts").add("c1");
    root.putArray("steps");
    return root;
  }
}
