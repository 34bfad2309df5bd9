package dev.cohortsync.sync.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.Cadence;
import dev.cohortsync.sync.RenamePolicy;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.TraitKeyTemplate;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a {@link SyncDefinition} as JSON. The JSON holds the Amplitude secret and the Segment
 * write key, because scheduled runs need them; protect the store like any credential file.
 */
final class DefinitionCodec {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private DefinitionCodec() {}

  static String write(SyncDefinition definition) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", definition.id());
    root.put("amplitudeBaseUri", definition.source().baseUri().toString());
    root.put("amplitudeApiKey", definition.source().apiKey());
    root.put("amplitudeSecretKey", definition.source().secretKey());
    root.put("segmentBaseUri", definition.target().baseUri().toString());
    root.put("segmentWriteKey", definition.target().writeKey());
    ArrayNode cohorts = root.putArray("cohortIds");
    definition.cohortIds().forEach(cohorts::add);
    root.put("cadence", definition.cadence().name());
    root.put("traitKeyTemplate", definition.traitKeyTemplate().pattern());
    root.put("renamePolicy", definition.renamePolicy().name());
    return root.toString();
  }

  static SyncDefinition read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored sync definition is not valid JSON: " + e.getOriginalMessage(), e);
    }
    List<String> cohortIds = new ArrayList<>();
    root.path("cohortIds").forEach(node -> cohortIds.add(node.asText()));
    return new SyncDefinition(
        root.path("id").asText(),
        new AmplitudeSource(
            URI.create(root.path("amplitudeBaseUri").asText()),
            root.path("amplitudeApiKey").asText(),
            root.path("amplitudeSecretKey").asText()),
        new SegmentTarget(
            URI.create(root.path("segmentBaseUri").asText()), root.path("segmentWriteKey").asText()),
        cohortIds,
        Cadence.valueOf(root.path("cadence").asText()),
        new TraitKeyTemplate(root.path("traitKeyTemplate").asText()),
        RenamePolicy.valueOf(root.path("renamePolicy").asText()));
  }
}
