package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.http.Context;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/3/cohorts/membership}: ordered ADD and REMOVE operations on one cohort, applied
 * all together or not at all.
 *
 * <p>Id types: {@code BY_ID} (Amplitude ids) and {@code BY_NAME} (user ids) as documented, plus
 * {@code BY_AMP_ID} as an alias of {@code BY_ID} because Segment's live client sends it.
 * {@code BY_USER_ID} is rejected unless {@link AmplitudeSettings#membershipAcceptsByUserId} is on,
 * since Segment's client found the real API refuses it here.
 *
 * <p>An Amplitude id is valid if it belongs to a known user, or, for REMOVE, to a current member.
 * A user id is valid if it belongs to a known user. Two overlapping requests for one cohort get
 * 429 for the second.
 */
final class MembershipRoute {

  private record Operation(String idType, boolean byAmplitudeId, boolean add, JsonNode ids) {}

  private final AmplitudeSettings settings;
  private final VirtualClock clock;

  MembershipRoute(AmplitudeSettings settings, VirtualClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  void membership(Context ctx, ProjectState project) throws InterruptedException {
    ObjectNode body = VendorBodies.readObject(ctx);
    String cohortId = VendorBodies.requiredText(body, "cohort_id");
    String countGroup = VendorBodies.optionalText(body, "count_group");
    boolean skipInvalid = VendorBodies.optionalBoolean(body, "skip_invalid_ids", true);
    if (countGroup != null && !countGroup.equals("User")) {
      throw VendorException.badRequest(
          "count_group " + countGroup + " does not match the cohort's count group User",
          Map.of("field", "count_group", "cohort_id", cohortId));
    }
    List<Operation> operations = parseOperations(body.get("memberships"));
    if (project.findCohort(cohortId) == null) {
      throw VendorException.notFound(
          "Cohort " + cohortId + " not found in app " + project.project().appId(),
          Map.of("cohort_id", cohortId));
    }
    if (!project.tryClaimWrite(cohortId)) {
      throw UploadRoute.concurrentWrite(cohortId);
    }
    try {
      project.pauseIfHeld();
      Map<String, Object> result =
          project.atomically(() -> apply(project, cohortId, operations, skipInvalid));
      ctx.json(result);
    } finally {
      project.releaseWrite(cohortId);
    }
  }

  private List<Operation> parseOperations(JsonNode memberships) {
    if (memberships == null || !memberships.isArray() || memberships.isEmpty()) {
      throw VendorException.badRequest(
          "memberships must be a non-empty array of {ids, id_type, operation}",
          Map.of("field", "memberships"));
    }
    List<Operation> operations = new ArrayList<>();
    long totalIds = 0;
    for (int i = 0; i < memberships.size(); i++) {
      JsonNode item = memberships.get(i);
      String where = "memberships[" + i + "]";
      if (!item.isObject()) {
        throw VendorException.badRequest(where + " must be an object", Map.of("field", where));
      }
      ObjectNode entry = (ObjectNode) item;
      JsonNode ids = entry.get("ids");
      if (ids == null || !ids.isArray()) {
        throw VendorException.badRequest(
            where + ".ids must be an array of ids", Map.of("field", where + ".ids"));
      }
      String idType = textField(entry, where, "id_type", "BY_ID, BY_AMP_ID or BY_NAME");
      String operation = textField(entry, where, "operation", "ADD or REMOVE");
      boolean byAmplitudeId;
      switch (idType) {
        case "BY_ID", "BY_AMP_ID" -> byAmplitudeId = true;
        case "BY_NAME" -> byAmplitudeId = false;
        case "BY_USER_ID" -> {
          if (!settings.membershipAcceptsByUserId) {
            throw VendorException.badRequest(
                "Invalid id_type BY_USER_ID in " + where + "; send BY_NAME for user ids",
                Map.of("field", where + ".id_type"));
          }
          byAmplitudeId = false;
        }
        default -> throw VendorException.badRequest(
            "Invalid id_type " + idType + " in " + where + "; send BY_ID (Amplitude ids) or"
                + " BY_NAME (user ids)",
            Map.of("field", where + ".id_type"));
      }
      if (!operation.equals("ADD") && !operation.equals("REMOVE")) {
        throw VendorException.badRequest(
            "Invalid operation " + operation + " in " + where + "; send ADD or REMOVE",
            Map.of("field", where + ".operation"));
      }
      totalIds += ids.size();
      operations.add(new Operation(idType, byAmplitudeId, operation.equals("ADD"), ids));
    }
    if (totalIds > settings.maxIdsPerRequest) {
      throw VendorException.badRequest(
          "Too many ids: " + totalIds + " sent, at most " + settings.maxIdsPerRequest
              + " are accepted per request",
          Map.of("field", "memberships", "max", settings.maxIdsPerRequest, "received", totalIds));
    }
    return operations;
  }

  private Map<String, Object> apply(
      ProjectState project, String cohortId, List<Operation> operations, boolean skipInvalid) {
    Membership working = project.cohort(cohortId).members();
    List<Map<String, Object>> results = new ArrayList<>();
    boolean anySkipped = false;
    for (Operation operation : operations) {
      LongArrayList resolved = new LongArrayList();
      List<String> skipped = new ArrayList<>();
      for (JsonNode element : operation.ids()) {
        String text = VendorBodies.idText(element);
        long amplitudeId =
            text == null ? 0 : resolve(project, working, text, operation.byAmplitudeId(), operation.add());
        if (amplitudeId > 0) {
          resolved.add(amplitudeId);
        } else {
          skipped.add(text == null ? element.toString() : text);
        }
      }
      long[] sorted = Membership.sortedDistinct(resolved.toLongArray());
      working = operation.add() ? working.plus(sorted) : working.minus(sorted);
      anySkipped |= !skipped.isEmpty();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("skipped_ids", skipped);
      result.put("id_type", operation.idType());
      result.put("operation", operation.add() ? "ADD" : "REMOVE");
      results.add(result);
    }
    if (anySkipped && !skipInvalid) {
      throw VendorException.badRequest(
          "Some ids match no user and skip_invalid_ids is false; no change was applied",
          Map.of("cohort_id", cohortId, "memberships_result", results));
    }
    Instant now = clock.instant();
    project.setMembers(cohortId, working, now);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cohort_id", cohortId);
    body.put("memberships_result", results);
    return body;
  }

  private static long resolve(
      ProjectState project, Membership working, String text, boolean byAmplitudeId, boolean add) {
    if (!byAmplitudeId) {
      return project.amplitudeIdOf(text);
    }
    long amplitudeId;
    try {
      amplitudeId = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
    if (amplitudeId <= 0) {
      return 0;
    }
    boolean known = project.user(amplitudeId) != null;
    return known || (!add && working.contains(amplitudeId)) ? amplitudeId : 0;
  }

  private static String textField(ObjectNode entry, String where, String field, String accepted) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual()) {
      throw VendorException.badRequest(
          where + "." + field + " is missing or not a string; send " + accepted,
          Map.of("field", where + "." + field));
    }
    return value.asText();
  }
}
