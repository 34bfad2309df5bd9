package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ingestion endpoints that feed users into the fake: HTTP V2 ({@code POST /2/httpapi}) and
 * Identify ({@code POST /identify}). Events and identifications create users (matched by user id,
 * then device id) and apply their user properties, which exports then show with
 * {@code props=1}. Cohort membership is not computed from events; it is set through the control
 * API, the Java API or the cohort write routes.
 *
 * <p>Ids shorter than {@code min_id_length} (default 5) or with placeholder values such as
 * {@code null} are dropped from an event; an event left with neither id makes the request fail,
 * and a failing request ingests nothing.
 */
final class IngestionRoutes {

  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_EVENTS = 2000;
  static final int DEFAULT_MIN_ID_LENGTH = 5;
  static final int MAX_ID_LENGTH = 1024;
  private static final Set<String> PLACEHOLDER_IDS =
      Set.of("null", "none", "undefined", "nil", "0", "-1", "00000000-0000-0000-0000-000000000000");
  private static final String MISSING_ID = "user_id or device_id";

  /** Ids kept after stripping, and the fields that were dropped. */
  private record Ids(String userId, String deviceId, List<String> dropped) {
    boolean any() {
      return userId != null || deviceId != null;
    }
  }

  private final AmplitudeSettings settings;
  private final VirtualClock clock;
  private final AmplitudeStore store;

  IngestionRoutes(AmplitudeSettings settings, VirtualClock clock, AmplitudeStore store) {
    this.settings = settings;
    this.clock = clock;
    this.store = store;
  }

  /** {@code POST /2/httpapi}. */
  void httpApi(Context ctx) {
    byte[] raw = ctx.bodyAsBytes();
    if (raw.length > MAX_BODY_BYTES) {
      httpApiError(ctx, 413, "Payload too large: the body is limited to 1 MB", Map.of());
      return;
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(raw);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      httpApiError(ctx, 400, "Invalid JSON request body", Map.of());
      return;
    }
    JsonNode apiKey = body.get("api_key");
    if (apiKey == null || !apiKey.isTextual() || apiKey.asText().isBlank()) {
      httpApiError(ctx, 400, "Request missing required field", Map.of("missing_field", "api_key"));
      return;
    }
    ProjectState project = project(ctx, apiKey.asText());
    if (project == null) {
      httpApiError(ctx, 400, "Invalid API key: " + Keys.mask(apiKey.asText()), Map.of());
      return;
    }
    JsonNode events = body.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      httpApiError(ctx, 400, "Request missing required field", Map.of("missing_field", "events"));
      return;
    }
    if (events.size() > MAX_EVENTS) {
      httpApiError(ctx, 413, "Payload too large: at most 2000 events per request", Map.of());
      return;
    }
    Integer minIdLength = minIdLength(body.path("options"));
    if (minIdLength == null) {
      httpApiError(
          ctx, 400, "Invalid field values on some events",
          Map.of("invalid_field", "options.min_id_length"));
      return;
    }

    Map<String, List<Integer>> invalid = new TreeMap<>();
    Map<String, List<Integer>> missing = new TreeMap<>();
    List<Ids> ids = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      ids.add(checkEvent(events.get(i), i, minIdLength, invalid, missing));
    }
    if (!invalid.isEmpty() || !missing.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("events_with_invalid_fields", invalid);
      details.put("events_with_missing_fields", missing);
      String error =
          missing.isEmpty() ? "Invalid field values on some events" : "Request missing required field";
      httpApiError(ctx, 400, error, details);
      return;
    }
    project.atomically(
        () -> {
          for (int i = 0; i < events.size(); i++) {
            Ids eventIds = ids.get(i);
            project.ingest(eventIds.userId(), eventIds.deviceId(), userProperties(events.get(i)));
          }
          project.countIngestedEvents(events.size());
          return null;
        });
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("code", 200);
    response.put("events_ingested", events.size());
    response.put("payload_size_bytes", raw.length);
    response.put("server_upload_time", clock.millis());
    ctx.json(response);
  }

  /** {@code POST /identify}: form fields {@code api_key} and {@code identification}. */
  void identify(Context ctx) {
    String apiKey = ctx.formParam("api_key");
    if (apiKey == null || apiKey.isBlank()) {
      ctx.status(400).contentType("text/plain").result("missing_api_key");
      return;
    }
    ProjectState project = project(ctx, apiKey);
    if (project == null) {
      ctx.status(400).contentType("text/plain").result("invalid_api_key");
      return;
    }

    JsonNode identification = null;
    String text = ctx.formParam("identification");
    if (text != null) {
      try {
        identification = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        identification = null;
      }
    }
    List<JsonNode> entries = new ArrayList<>();
    if (identification != null && identification.isObject()) {
      entries.add(identification);
    } else if (identification != null && identification.isArray()) {
      identification.forEach(entries::add);
    }
    if (entries.isEmpty()) {
      ctx.status(400).contentType("text/plain").result("missing_event");
      return;
    }

    Map<String, List<Integer>> invalid = new TreeMap<>();
    Map<String, List<Integer>> missing = new TreeMap<>();
    List<Ids> ids = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ids.add(checkIdentity(entries.get(i), i, DEFAULT_MIN_ID_LENGTH, invalid, missing));
    }
    if (!invalid.isEmpty() || !missing.isEmpty()) {
      ctx.status(400)
          .contentType("text/plain")
          .result("invalid_event: invalid fields " + invalid + ", missing fields " + missing);
      return;
    }

    project.atomically(
        () -> {
          for (int i = 0; i < entries.size(); i++) {
            project.ingest(ids.get(i).userId(), ids.get(i).deviceId(), userProperties(entries.get(i)));
          }
          return null;
        });
    ctx.contentType("text/plain").result("success");
  }

  private ProjectState project(Context ctx, String apiKey) {
    ProjectState project = store.find(apiKey);
    if (project == null
        || project.project().region() != VendorAuth.regionOf(ctx.header("Host"), settings)) {
      return null;
    }
    return project;
  }

  private Ids checkEvent(
      JsonNode event, int index, int minIdLength, Map<String, List<Integer>> invalid,
      Map<String, List<Integer>> missing) {
    if (!event.isObject()) {
      note(invalid, "event", index);
      return new Ids(null, null, List.of());
    }
    JsonNode eventType = event.get("event_type");
    if (eventType == null || !eventType.isTextual() || eventType.asText().isBlank()) {
      note(missing, "event_type", index);
    }
    JsonNode time = event.get("time");
    if (time != null && !time.isNull() && !(time.isIntegralNumber() && time.canConvertToLong())) {
      // HTTP V2 takes milliseconds since the epoch only.
      note(invalid, "time", index);
    }
    return checkIdentity(event, index, minIdLength, invalid, missing);
  }

  private Ids checkIdentity(
      JsonNode entry, int index, int minIdLength, Map<String, List<Integer>> invalid,
      Map<String, List<Integer>> missing) {
    if (!entry.isObject()) {
      note(invalid, "identification", index);
      return new Ids(null, null, List.of());
    }
    List<String> dropped = new ArrayList<>();
    String userId = cleanId(entry.get("user_id"), "user_id", minIdLength, dropped);
    String deviceId = cleanId(entry.get("device_id"), "device_id", minIdLength, dropped);
    Ids ids = new Ids(userId, deviceId, dropped);
    if (!ids.any()) {
      if (dropped.isEmpty()) {
        note(missing, MISSING_ID, index);
      } else {
        dropped.forEach(field -> note(invalid, field, index));
      }
    }
    JsonNode properties = entry.get("user_properties");
    if (properties != null && !properties.isNull()) {
      try {
        // Property keys come from the update alone, so a dry run on an empty user finds every
        // invalid key or operation before anything is stored.
        new AmplitudeUser(1, null, UserPropertyOperations.apply(Map.of(), properties));
      } catch (IllegalArgumentException e) {
        note(invalid, "user_properties", index);
      }
    }
    return ids;
  }

  /** Returns a usable id, or null after noting a present but unusable one in {@code dropped}. */
  private static String cleanId(JsonNode value, String field, int minIdLength, List<String> dropped) {
    if (value == null || value.isNull()) {
      return null;
    }
    String id = value.isTextual() ? value.asText() : null;
    boolean usable =
        id != null
            && !id.isBlank()
            && id.length() >= minIdLength
            && id.length() <= MAX_ID_LENGTH
            && !PLACEHOLDER_IDS.contains(id.trim().toLowerCase(Locale.ROOT));
    if (!usable) {
      dropped.add(field);
      return null;
    }
    return id;
  }

  private static Integer minIdLength(JsonNode options) {
    JsonNode value = options.get("min_id_length");
    if (value == null || value.isNull()) {
      return DEFAULT_MIN_ID_LENGTH;
    }
    if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > MAX_ID_LENGTH) {
      return null;
    }
    return value.asInt();
  }

  private static JsonNode userProperties(JsonNode entry) {
    JsonNode properties = entry.get("user_properties");
    return properties == null || properties.isNull() ? null : properties;
  }

  private static void note(Map<String, List<Integer>> fields, String field, int index) {
    fields.computeIfAbsent(field, f -> new ArrayList<>()).add(index);
  }

  private static void httpApiError(Context ctx, int status, String error, Map<String, Object> details) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("code", status);
    body.put("error", error);
    details.forEach((key, value) -> body.set(key, Json.MAPPER.valueToTree(value)));
    ctx.status(status).json(body);
  }
}
