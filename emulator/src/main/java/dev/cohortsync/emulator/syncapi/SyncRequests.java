package dev.cohortsync.emulator.syncapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.Cadence;
import dev.cohortsync.sync.RenamePolicy;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.TraitKeyTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Turns the JSON body of {@code POST /_emulator/syncs} into a {@link SyncDefinition}, or a 400. */
final class SyncRequests {

  static final Set<String> FIELDS = Set.of(
      "id", "cohortIds", "allCohorts", "amplitudeApiKey", "amplitudeSecretKey", "amplitudeBaseUrl",
      "segmentWriteKey", "segmentBaseUrl", "cadence", "traitKeyTemplate", "renamePolicy", "runNow");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private SyncRequests() {}

  static SyncDefinition definition(ObjectNode body, URI ownBaseUri, String defaultTemplate) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.invalid(name, body.get(name), "is not a field of a sync",
            "remove it; the fields are " + new java.util.TreeSet<>(FIELDS));
      }
    }
    String id = optionalText(body, "id");
    if (id == null) {
      id = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    } else if (!ID.matcher(id).matches()) {
      throw ApiException.invalid("id", id, "is not a valid sync id", "use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    List<String> cohortIds = cohortIds(body);
    AmplitudeSource source;
    SegmentTarget target;
    URI amplitudeBase = baseUrl(body, "amplitudeBaseUrl", ownBaseUri);
    URI segmentBase = baseUrl(body, "segmentBaseUrl", ownBaseUri);
    String apiKey = requiredText(body, "amplitudeApiKey", "the Amplitude project's API key");
    String secretKey = requiredText(body, "amplitudeSecretKey", "the Amplitude project's secret key");
    String writeKey = requiredText(body, "segmentWriteKey", "the write key of the Segment source");
    try {
      source = new AmplitudeSource(amplitudeBase, apiKey, secretKey);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("amplitudeBaseUrl", amplitudeBase, e.getMessage(), "send an http(s) base URL");
    }
    try {
      target = new SegmentTarget(segmentBase, writeKey);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("segmentBaseUrl", segmentBase, e.getMessage(), "send an http(s) base URL");
    }
    String template = optionalText(body, "traitKeyTemplate");
    TraitKeyTemplate traitKeyTemplate;
    try {
      traitKeyTemplate = new TraitKeyTemplate(template == null ? defaultTemplate : template);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("traitKeyTemplate", template, e.getMessage(),
          "send a template with {name} and {id}, such as \"[Amplitude] {name} ({id})\"");
    }
    return new SyncDefinition(id, source, target, cohortIds, cadence(body), traitKeyTemplate, renamePolicy(body));
  }

  static boolean runNow(ObjectNode body) {
    JsonNode value = body.get("runNow");
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ApiException.invalid("runNow", value, "is not a boolean", "send true or false");
    }
    return value.booleanValue();
  }

  private static List<String> cohortIds(ObjectNode body) {
    JsonNode all = body.get("allCohorts");
    JsonNode ids = body.get("cohortIds");
    boolean allCohorts = all != null && all.isBoolean() && all.booleanValue();
    if (all != null && !all.isBoolean()) {
      throw ApiException.invalid("allCohorts", all, "is not a boolean", "send true to sync every cohort of the project");
    }
    if (allCohorts) {
      if (ids != null && !(ids.isArray() && ids.isEmpty())) {
        throw ApiException.invalid("cohortIds", ids, "is given together with allCohorts=true",
            "send either cohortIds or allCohorts=true");
      }
      return List.of();
    }
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw ApiException.invalid("cohortIds", ids, "must be a non-empty array of cohort ids",
          "send for example {\"cohortIds\":[\"26umsb5\"]}, or allCohorts=true");
    }
    List<String> cohortIds = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      JsonNode id = ids.get(i);
      if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 200) {
        throw ApiException.invalid("cohortIds[" + i + "]", id, "is not a cohort id",
            "send the id shown in Amplitude, such as 26umsb5");
      }
      if (cohortIds.contains(id.asText())) {
        throw ApiException.invalid("cohortIds[" + i + "]", id.asText(), "is listed twice", "list each cohort once");
      }
      cohortIds.add(id.asText());
    }
    return cohortIds;
  }

  private static Cadence cadence(ObjectNode body) {
    String text = optionalText(body, "cadence");
    if (text == null) {
      return Cadence.ONE_TIME;
    }
    return switch (text.toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "one_time", "onetime", "once" -> Cadence.ONE_TIME;
      case "every_minute", "minute", "real_time", "realtime" -> Cadence.EVERY_MINUTE;
      case "hourly" -> Cadence.HOURLY;
      case "daily" -> Cadence.DAILY;
      default -> throw ApiException.invalid("cadence", text, "is not a cadence",
          "send ONE_TIME, EVERY_MINUTE, HOURLY or DAILY");
    };
  }

  private static RenamePolicy renamePolicy(ObjectNode body) {
    String text = optionalText(body, "renamePolicy");
    if (text == null) {
      return RenamePolicy.KEEP_OLD_KEY;
    }
    try {
      return RenamePolicy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("renamePolicy", text, "is not a rename policy", "send KEEP_OLD_KEY or RETIRE_OLD_KEY");
    }
  }

  private static URI baseUrl(ObjectNode body, String field, URI fallback) {
    String text = optionalText(body, field);
    if (text == null) {
      return fallback;
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
        throw ApiException.invalid(field, text, "is not an absolute http(s) URL", "send one such as http://127.0.0.1:8080");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw ApiException.invalid(field, text, "is not a URL: " + e.getReason(), "send one such as http://127.0.0.1:8080");
    }
  }

  private static String requiredText(ObjectNode body, String field, String what) {
    String text = optionalText(body, field);
    if (text == null || text.isBlank()) {
      throw ApiException.invalid(field, text, "is required", "send " + what);
    }
    return text;
  }

  private static String optionalText(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(field, value, "is not a string", "send a JSON string");
    }
    return value.asText();
  }
}
