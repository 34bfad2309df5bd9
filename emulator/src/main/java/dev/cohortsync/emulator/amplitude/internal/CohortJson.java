package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.CohortSync;
import dev.cohortsync.emulator.http.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Renders cohorts the way {@code GET /api/3/cohorts} returns them: field names, order and types
 * follow responses recorded from the live API (epoch-second timestamps, integer app id, null size
 * and lastComputed before the first computation).
 */
final class CohortJson {

  private static final DateTimeFormatter OFFSET_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private CohortJson() {}

  /** Returns the definition stored for cohorts created without one: a user cohort, no clauses. */
  static ObjectNode defaultDefinition() {
    ObjectNode definition = Json.MAPPER.createObjectNode();
    definition.put("version", 3);
    ObjectNode countGroup = definition.putObject("countGroup");
    countGroup.put("name", "User");
    countGroup.put("is_computed", false);
    definition.put("cohortType", "UNIQUES");
    definition.putArray("andClauses");
    definition.putObject("referenceFrameTimeParams");
    definition.putArray("orClauses");
    return definition;
  }

  static ObjectNode render(Cohort cohort, long appId, boolean withSyncInfo) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("appId", appId);
    node.put("archived", cohort.archived());
    node.set("definition", cohort.definition());
    node.put("description", cohort.description());
    // Live data shows finished=true on computed cohorts and false on never-computed ones.
    node.put("finished", cohort.computed());
    node.put("id", cohort.id());
    node.put("name", cohort.name());
    node.put("published", cohort.published());
    node.put("type", cohort.type());
    node.put("lastMod", cohort.lastMod().getEpochSecond());
    node.put("createdAt", cohort.createdAt().getEpochSecond());
    putEpochSeconds(node, "lastComputed", cohort.lastComputed());

    node.put("hidden", false);
    node.putNull("metadata");
    node.putNull("view_count");
    node.putNull("popularity");
    node.putNull("last_viewed");
    node.putNull("chart_id");
    node.putNull("edit_id");
    node.put("is_predictive", false);
    node.put("is_official_content", false);
    node.putNull("location_id");
    node.putArray("shortcut_ids");
    node.putNull("per_app_metadata");
    node.putNull("cohort_definition_type");
    node.put("cohort_output_type", "UNIQUES");
    node.put("is_generated_content", false);

    ArrayNode owners = node.putArray("owners");
    cohort.owners().forEach(owners::add);
    ArrayNode viewers = node.putArray("viewers");
    cohort.viewers().forEach(viewers::add);
    if (cohort.size() == null) {
      node.putNull("size");
    } else {
      node.put("size", cohort.size());
    }
    if (withSyncInfo) {
      node.set("syncMetadata", syncMetadata(cohort));
    }
    return node;
  }

  /** Lists enabled recurring syncs; one-time and disabled syncs are left out, as documented. */
  private static ArrayNode syncMetadata(Cohort cohort) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (CohortSync sync : cohort.syncs()) {
      if (!sync.enabled() || sync.frequency() == CohortSync.Frequency.ONE_TIME) {
        continue;
      }
      ObjectNode item = list.addObject();
      item.put("target", sync.target());
      item.put("frequency", sync.frequency().wireName());
      putOffsetTime(item, "last_successful", sync.lastSuccessful());
      putOffsetTime(item, "last_failure", sync.lastFailure());
      ObjectNode params = item.putObject("params");
      for (Map.Entry<String, String> param : sync.params().entrySet()) {
        params.put(param.getKey(), param.getValue());
      }
    }
    return list;
  }

  private static void putEpochSeconds(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.getEpochSecond());
    }
  }

  private static void putOffsetTime(ObjectNode node, String field, Instant value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, OFFSET_TIME.format(value));
    }
  }
}
