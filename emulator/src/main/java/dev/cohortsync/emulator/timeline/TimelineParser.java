package dev.cohortsync.emulator.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.sync.Cadence;
import dev.cohortsync.emulator.timeline.Timeline.ArchiveStep;
import dev.cohortsync.emulator.timeline.Timeline.Cohort;
import dev.cohortsync.emulator.timeline.Timeline.CreateSyncStep;
import dev.cohortsync.emulator.timeline.Timeline.MembersStep;
import dev.cohortsync.emulator.timeline.Timeline.Project;
import dev.cohortsync.emulator.timeline.Timeline.RenameStep;
import dev.cohortsync.emulator.timeline.Timeline.RunSyncStep;
import dev.cohortsync.emulator.timeline.Timeline.Step;
import dev.cohortsync.emulator.timeline.Timeline.Sync;
import dev.cohortsync.emulator.timeline.Timeline.UsersStep;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code timeline.json} into a {@link Timeline}, checking every field and every reference
 * between them before anything is played, so a bad timeline fails with one message naming the
 * field (as a JSON path), the value and the fix.
 */
public final class TimelineParser {


  private static final List<String> STEP_KINDS =
      List.of("members", "users", "createSync", "runSync", "rename", "archive");

  private final TimelineSource source;
  private final String fileName;

  private TimelineParser(TimelineSource source, String fileName) {
    this.source = source;
    this.fileName = fileName;
  }

  /** Parses {@code fileName} of {@code source}. */
  public static Timeline parse(TimelineSource source, String fileName) {
    return new TimelineParser(source, fileName).parse();
  }

  private Timeline parse() {
    JsonNode root = readTree();
    allowOnly(root, "the top level", "name", "description", "start", "end", "amplitude", "segment", "syncs", "steps");
    String name = text(root, "name", "name");
    Instant start = instant(root, "start");
    Duration end = duration(root, "end");

    JsonNode amplitude = object(root, "amplitude", "amplitude");
    allowOnly(amplitude, "amplitude", "project", "users", "cohorts");
    Project project = project(object(amplitude, "project", "amplitude.project"));
    String users = optionalText(amplitude, "users", "amplitude.users");
    List<Cohort> cohorts = cohorts(array(amplitude, "cohorts", "amplitude.cohorts"));
    Set<String> cohortIds = new HashSet<>();
    cohorts.forEach(cohort -> cohortIds.add(cohort.id()));

    JsonNode segment = object(root, "segment", "segment");
    allowOnly(segment, "segment", "writeKey");
    String writeKey = text(segment, "writeKey", "segment.writeKey");
    List<Sync> syncs = syncs(root.path("syncs"), cohortIds);
    Set<String> syncIds = new HashSet<>();
    syncs.forEach(sync -> syncIds.add(sync.id()));

    List<Step> steps = steps(array(root, "steps", "steps"), cohortIds, syncIds, end);
    return new Timeline(
        name,
        optionalText(root, "description", "description"),
        start,
        end,
        project,
        users,
        cohorts,
        writeKey,
        syncs,
        steps);
  }

  private JsonNode readTree() {
    try (InputStream in = source.open(fileName)) {
      JsonNode root = Json.MAPPER.readTree(in);
      if (root == null || !root.isObject()) {
        throw fail("the file", "not a JSON object", "start the file with { and give the fields name, start, end, amplitude, segment, steps");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new TimelineException(
          where() + " is not valid JSON: " + e.getOriginalMessage() + " at line "
              + e.getLocation().getLineNr() + "; fix the JSON syntax there");
    } catch (IOException e) {
      throw new TimelineException(
          "cannot read timeline " + fileName + " from " + source.describe() + ": " + e.getMessage()
              + "; check the path",
          e);
    }
  }

  private Project project(JsonNode node) {
    allowOnly(node, "amplitude.project", "name", "appId", "apiKey", "secretKey", "region");
    String region = optionalText(node, "region", "amplitude.project.region");
    String normalized = region == null ? "US" : region.toUpperCase(Locale.ROOT);
    if (!normalized.equals("US") && !normalized.equals("EU")) {
      throw fail("amplitude.project.region", region, "use US or EU");
    }
    JsonNode appId = node.path("appId");
    if (!appId.canConvertToLong() || !appId.isIntegralNumber() || appId.asLong() <= 0) {
      throw fail("amplitude.project.appId", appId.isMissingNode() ? null : appId.toString(),
          "use a positive integer such as 153957");
    }
    return new Project(
        text(node, "name", "amplitude.project.name"),
        appId.asLong(),
        text(node, "apiKey", "amplitude.project.apiKey"),
        text(node, "secretKey", "amplitude.project.secretKey"),
        normalized);
  }

  private List<Cohort> cohorts(JsonNode array) {
    List<Cohort> cohorts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "amplitude.cohorts[" + i + "]";
      JsonNode node = objectAt(array, i, path);
      allowOnly(node, path, "id", "name", "description", "owners", "published");
      String id = text(node, "id", path + ".id");
      if (!seen.add(id)) {
        throw fail(path + ".id", id, "give each cohort its own id");
      }
      List<String> owners = new ArrayList<>();
      JsonNode ownerNodes = node.path("owners");
      if (!ownerNodes.isMissingNode() && !ownerNodes.isArray()) {
        throw fail(path + ".owners", ownerNodes.toString(), "use an array of strings such as [\"amp\"]");
      }
      for (int j = 0; j < ownerNodes.size(); j++) {
        owners.add(textAt(ownerNodes, j, path + ".owners[" + j + "]"));
      }
      JsonNode published = node.path("published");
      if (!published.isMissingNode() && !published.isBoolean()) {
        throw fail(path + ".published", published.toString(), "use true or false");
      }
      cohorts.add(
          new Cohort(
              id,
              text(node, "name", path + ".name"),
              optionalText(node, "description", path + ".description"),
              owners,
              published.asBoolean(true)));
    }
    return cohorts;
  }

  private List<Sync> syncs(JsonNode array, Set<String> cohortIds) {
    List<Sync> syncs = new ArrayList<>();
    if (array.isMissingNode()) {
      return syncs;
    }
    if (!array.isArray()) {
      throw fail("syncs", array.toString(), "use an array of sync objects");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "syncs[" + i + "]";
      JsonNode node = objectAt(array, i, path);
      allowOnly(node, path, "id", "cohorts", "cadence", "traitKeyTemplate");
      String id = text(node, "id", path + ".id");
      if (!seen.add(id)) {
        throw fail(path + ".id", id, "give each sync its own id");
      }
      JsonNode cohortNodes = array(node, "cohorts", path + ".cohorts");
      if (cohortNodes.isEmpty()) {
        throw fail(path + ".cohorts", "[]", "name at least one cohort id from amplitude.cohorts");
      }
      List<String> ids = new ArrayList<>();
      for (int j = 0; j < cohortNodes.size(); j++) {
        String cohortId = textAt(cohortNodes, j, path + ".cohorts[" + j + "]");
        requireCohort(cohortIds, cohortId, path + ".cohorts[" + j + "]");
        ids.add(cohortId);
      }
      Cadence cadence = cadence(text(node, "cadence", path + ".cadence"), path + ".cadence");
      syncs.add(new Sync(id, ids, cadence, optionalText(node, "traitKeyTemplate", path + ".traitKeyTemplate")));
    }
    return syncs;
  }

  private List<Step> steps(JsonNode array, Set<String> cohortIds, Set<String> syncIds, Duration end) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "steps[" + i + "]";
      JsonNode node = objectAt(array, i, path);
      Duration at = duration(node, path + ".at", node.path("at"));
      if (at.compareTo(end) > 0) {
        throw fail(path + ".at", at.toString(), "is after the timeline's end " + end + "; move the step or extend end");
      }
      List<String> allowed = new ArrayList<>(STEP_KINDS);
      allowed.add("at");
      allowOnly(node, path, allowed.toArray(String[]::new));
      List<String> kinds = STEP_KINDS.stream().filter(node::has).toList();
      if (kinds.size() != 1) {
        throw fail(path, node.toString(), "give exactly one of " + STEP_KINDS + " besides at");
      }
      steps.add(step(kinds.get(0), node, path, at, cohortIds, syncIds));
    }
    // Stable sort: steps at the same offset keep their file order.
    steps.sort(Comparator.comparing(Step::at));
    return steps;
  }

  private Step step(
      String kind, JsonNode node, String path, Duration at, Set<String> cohortIds, Set<String> syncIds) {
    switch (kind) {
      case "members" -> {
        JsonNode members = object(node, "members", path + ".members");
        allowOnly(members, path + ".members", "cohort", "set", "add", "remove");
        String cohortId = text(members, "cohort", path + ".members.cohort");
        requireCohort(cohortIds, cohortId, path + ".members.cohort");
        String set = optionalText(members, "set", path + ".members.set");
        String add = optionalText(members, "add", path + ".members.add");
        String remove = optionalText(members, "remove", path + ".members.remove");
        if ((set == null) == (add == null && remove == null)) {
          throw fail(path + ".members", members.toString(), "give either set, or add and/or remove (CSV file names)");
        }
        return new MembersStep(at, cohortId, set, add, remove);
      }
      case "users" -> {
        return new UsersStep(at, text(node, "users", path + ".users"));
      }
      case "createSync", "runSync" -> {
        String syncId = text(node, kind, path + "." + kind);
        if (!syncIds.contains(syncId)) {
          throw fail(path + "." + kind, syncId, "name a sync defined in syncs " + sorted(syncIds));
        }
        return kind.equals("createSync") ? new CreateSyncStep(at, syncId) : new RunSyncStep(at, syncId);
      }
      case "rename" -> {
        JsonNode rename = object(node, "rename", path + ".rename");
        allowOnly(rename, path + ".rename", "cohort", "name");
        String cohortId = text(rename, "cohort", path + ".rename.cohort");
        requireCohort(cohortIds, cohortId, path + ".rename.cohort");
        return new RenameStep(at, cohortId, text(rename, "name", path + ".rename.name"));
      }
      case "archive" -> {
        JsonNode archive = object(node, "archive", path + ".archive");
        allowOnly(archive, path + ".archive", "cohort");
        String cohortId = text(archive, "cohort", path + ".archive.cohort");
        requireCohort(cohortIds, cohortId, path + ".archive.cohort");
        return new ArchiveStep(at, cohortId);
      }
      default -> throw new IllegalStateException("unhandled step kind " + kind);
    }
  }

  /** Reads a cadence by its engine name; {@code minute}, Amplitude's word, means EVERY_MINUTE. */
  private Cadence cadence(String text, String path) {
    String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
    if (name.equals("MINUTE")) {
      return Cadence.EVERY_MINUTE;
    }
    for (Cadence cadence : Cadence.values()) {
      if (cadence.name().equals(name)) {
        return cadence;
      }
    }
    throw fail(path, text, "use one of " + java.util.Arrays.toString(Cadence.values()) + " (case does not matter)");
  }

  /**
   * Rejects fields a timeline does not define, so a misspelt field fails instead of being ignored.
   * Fields starting with an underscore are comments and are skipped.
   */
  private void allowOnly(JsonNode node, String path, String... fields) {
    List<String> known = List.of(fields);
    for (java.util.Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.startsWith("_") && !known.contains(name)) {
        String where = path.equals("the top level") ? name : path + "." + name;
        throw fail(where, node.get(name).toString(),
            "is not a field here; use one of " + known + " (a field starting with _ is a comment)");
      }
    }
  }

  private void requireCohort(Set<String> cohortIds, String cohortId, String path) {
    if (!cohortIds.contains(cohortId)) {
      throw fail(path, cohortId, "name a cohort defined in amplitude.cohorts " + sorted(cohortIds));
    }
  }

  private Instant instant(JsonNode node, String path) {
    String text = text(node, path, path);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw fail(path, text, "use an ISO-8601 UTC instant such as 2026-01-05T09:00:00Z");
    }
  }

  private Duration duration(JsonNode node, String field) {
    return duration(node, field, node.path(field));
  }

  private Duration duration(JsonNode parent, String path, JsonNode value) {
    if (!value.isTextual()) {
      throw fail(path, value.isMissingNode() ? null : value.toString(),
          "use an ISO-8601 duration string such as PT35M");
    }
    Duration duration;
    try {
      duration = Duration.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw fail(path, value.asText(), "use an ISO-8601 duration such as PT35M or PT2H");
    }
    if (duration.isNegative()) {
      throw fail(path, value.asText(), "is negative; use PT0S or more");
    }
    return duration;
  }

  private JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (!node.isObject()) {
      throw fail(path, node.isMissingNode() ? null : node.toString(), "add it as a JSON object");
    }
    return node;
  }

  private JsonNode objectAt(JsonNode array, int index, String path) {
    JsonNode node = array.get(index);
    if (!node.isObject()) {
      throw fail(path, node.toString(), "use a JSON object");
    }
    return node;
  }

  private JsonNode array(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (!node.isArray()) {
      throw fail(path, node.isMissingNode() ? null : node.toString(), "add it as a JSON array");
    }
    return node;
  }

  private String text(JsonNode parent, String field, String path) {
    String value = optionalText(parent, field, path);
    if (value == null) {
      throw fail(path, null, "add it as a non-empty string");
    }
    return value;
  }

  private String textAt(JsonNode array, int index, String path) {
    JsonNode node = array.get(index);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw fail(path, node.toString(), "use a non-empty string");
    }
    return node.asText();
  }

  private String optionalText(JsonNode parent, String field, String path) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw fail(path, node.toString(), "use a non-empty string");
    }
    return node.asText();
  }

  private TimelineException fail(String path, String value, String fix) {
    String shown = value == null ? "missing" : "\"" + abbreviate(value) + "\"";
    return new TimelineException(where() + ": " + path + " (" + shown + ") is invalid; " + fix);
  }

  private String where() {
    return "timeline " + fileName + " in " + source.describe();
  }

  private static String abbreviate(String value) {
    return value.length() <= 120 ? value : value.substring(0, 120) + "...";
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
