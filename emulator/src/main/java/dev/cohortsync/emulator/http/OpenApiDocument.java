package dev.cohortsync.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the control API's OpenAPI document from a base file and one fragment per component.
 *
 * <p>Each fragment is a YAML OpenAPI document of its own; its {@code paths}, {@code tags} and
 * {@code components.*} entries are copied into the base. Two fragments defining the same path or
 * schema is a packaging mistake and fails at start-up rather than silently hiding one of them.
 */
public final class OpenApiDocument {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private OpenApiDocument() {}

  /** Merges {@code base} with {@code fragments}, all classpath resources, into one document. */
  public static ObjectNode merge(String base, List<String> fragments) {
    ObjectNode document = (ObjectNode) read(base);
    for (String fragment : fragments) {
      JsonNode part = read(fragment);
      mergeObject(document, part, "paths", fragment);
      JsonNode components = part.path("components");
      for (Iterator<Map.Entry<String, JsonNode>> it = components.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> section = it.next();
        ObjectNode target = document.withObjectProperty("components").withObjectProperty(section.getKey());
        copyFields(target, section.getValue(), "components." + section.getKey(), fragment);
      }
      if (part.has("tags")) {
        ArrayNode tags = document.withArrayProperty("tags");
        part.get("tags").forEach(tags::add);
      }
    }
    return document;
  }

  private static void mergeObject(ObjectNode document, JsonNode part, String key, String fragment) {
    if (part.has(key)) {
      copyFields(document.withObjectProperty(key), part.get(key), key, fragment);
    }
  }

  private static void copyFields(ObjectNode target, JsonNode source, String where, String fragment) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (target.has(entry.getKey())) {
        throw new IllegalStateException(
            "OpenAPI fragment " + fragment + " defines " + where + "." + entry.getKey()
                + " a second time; give each path and schema one owner");
      }
      target.set(entry.getKey(), entry.getValue());
    }
  }

  private static JsonNode read(String resource) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("OpenAPI resource " + resource + " is not on the classpath");
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OpenAPI resource " + resource, e);
    }
  }
}
