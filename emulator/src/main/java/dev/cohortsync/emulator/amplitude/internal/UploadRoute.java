package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.CohortSpec;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.http.Context;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/3/cohorts/upload}: creates a static cohort from ids, or replaces the members of
 * {@code existing_cohort_id}. An id is valid when it matches a known user: an Amplitude id with
 * {@code BY_AMP_ID}, a user id with {@code BY_USER_ID}.
 */
final class UploadRoute {

  /** Invalid ids echoed in a success body's {@code invalid_ids_sample}. */
  static final int INVALID_SAMPLE_SIZE = 10;

  private final AmplitudeSettings settings;
  private final VirtualClock clock;

  UploadRoute(AmplitudeSettings settings, VirtualClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  void upload(Context ctx, ProjectState project) throws InterruptedException {
    ObjectNode body = VendorBodies.readObject(ctx);
    String name = VendorBodies.requiredText(body, "name");
    long appId = VendorBodies.requiredInteger(body, "app_id");
    String idType = VendorBodies.requiredText(body, "id_type");
    JsonNode ids = body.get("ids");
    String owner = VendorBodies.requiredText(body, "owner");
    boolean published = VendorBodies.requiredBoolean(body, "published");
    String countGroup = VendorBodies.optionalText(body, "cg");
    String existingId = VendorBodies.optionalText(body, "existing_cohort_id");
    boolean skipSave = VendorBodies.optionalBoolean(body, "skip_save", false);
    boolean skipInvalid = VendorBodies.optionalBoolean(body, "skip_invalid_ids", true);

    Checks.name("name", name);
    if (appId != project.project().appId()) {
      throw VendorException.badRequest(
          "app_id " + appId + " does not match the app of this API key ("
              + project.project().appId() + ")",
          Map.of("field", "app_id"));
    }
    boolean byAmplitudeId = idType.equals("BY_AMP_ID");
    if (!byAmplitudeId && !idType.equals("BY_USER_ID")) {
      throw VendorException.badRequest(
          "Invalid id_type " + idType + "; send BY_AMP_ID or BY_USER_ID", Map.of("field", "id_type"));
    }
    if (ids == null || !ids.isArray()) {
      throw VendorException.badRequest(
          "Missing required field ids; send an array of id strings", Map.of("field", "ids"));
    }
    if (ids.isEmpty()) {
      throw VendorException.badRequest(
          "ids is empty; at least one valid id is required to upload a cohort",
          Map.of("field", "ids"));
    }
    if (ids.size() > settings.maxIdsPerRequest) {
      throw VendorException.badRequest(
          "Too many ids: " + ids.size() + " sent, at most " + settings.maxIdsPerRequest
              + " are accepted per request",
          Map.of("field", "ids", "max", settings.maxIdsPerRequest, "received", ids.size()));
    }
    if (countGroup != null && !countGroup.equals("User")) {
      throw VendorException.badRequest(
          "Count group " + countGroup + " is not supported by the emulator; send cg User or leave"
              + " it out",
          Map.of("field", "cg"));
    }
    if (existingId != null && project.findCohort(existingId) == null) {
      throw VendorException.notFound(
          "Cohort " + existingId + " (existing_cohort_id) not found in app " + appId,
          Map.of("cohort_id", existingId));
    }
    if (existingId != null && !project.tryClaimWrite(existingId)) {
      throw concurrentWrite(existingId);
    }
    try {
      project.pauseIfHeld();
      Map<String, Object> result =
          project.atomically(
              () -> save(project, ids, byAmplitudeId, skipInvalid, skipSave, existingId, name,
                  owner, published));
      ctx.json(result);
    } finally {
      if (existingId != null) {
        project.releaseWrite(existingId);
      }
    }
  }

  private Map<String, Object> save(
      ProjectState project, JsonNode ids, boolean byAmplitudeId, boolean skipInvalid,
      boolean skipSave, String existingId, String name, String owner, boolean published) {
    LongArrayList matched = new LongArrayList();
    List<String> invalid = new ArrayList<>();
    for (JsonNode element : ids) {
      String text = VendorBodies.idText(element);
      long amplitudeId = text == null ? 0 : resolve(project, text, byAmplitudeId);
      if (amplitudeId > 0) {
        matched.add(amplitudeId);
      } else {
        invalid.add(text == null ? element.toString() : text);
      }
    }
    if (!invalid.isEmpty() && !skipInvalid) {
      throw VendorException.badRequest(
          invalid.size() + " of " + ids.size() + " ids match no user and skip_invalid_ids is"
              + " false; nothing was saved",
          Map.of("invalid_ids", invalid));
    }
    if (matched.isEmpty()) {
      throw VendorException.badRequest(
          "None of the " + ids.size() + " ids matches a user; at least one valid id is required",
          Map.of("invalid_ids", invalid));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("matched", matched.size());
    metadata.put("totals", ids.size());
    metadata.put("invalid_ids_sample", invalid.subList(0, Math.min(invalid.size(), INVALID_SAMPLE_SIZE)));
    Map<String, Object> body = new LinkedHashMap<>();
    if (skipSave) {
      body.put("cohortId", existingId);
      body.put("metadata", metadata);
      return body;
    }
    Instant now = clock.instant();
    Membership members = Membership.adopt(matched.toLongArray());
    String cohortId;
    if (existingId != null) {
      // Replacing keeps the owners and updates what the body restates: members, name, published.
      project.update(
          existingId,
          c -> c.withMembers(members, now).withName(name, now).withPublished(published, now));
      cohortId = existingId;
    } else {
      CohortSpec spec = new CohortSpec(null, name, null, List.of(owner), published);
      cohortId =
          project.createCohort(spec, CohortJson.defaultDefinition(), "redshift", members, now).id();
    }
    body.put("cohortId", cohortId);
    body.put("metadata", metadata);
    return body;
  }

  /** Returns the Amplitude id an upload id matches, or 0 if it matches no user. */
  private static long resolve(ProjectState project, String text, boolean byAmplitudeId) {
    if (!byAmplitudeId) {
      return project.amplitudeIdOf(text);
    }
    long amplitudeId;
    try {
      amplitudeId = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
    return amplitudeId > 0 && project.user(amplitudeId) != null ? amplitudeId : 0;
  }

  static VendorException concurrentWrite(String cohortId) {
    return new VendorException(
            429, "too_many_requests",
            "Another membership or upload request for cohort " + cohortId + " is in progress;"
                + " send requests for one cohort one after another",
            Map.of("limit", "concurrent_cohort_writes", "cohort_id", cohortId))
        .withHeader("Retry-After", "1");
  }
}
