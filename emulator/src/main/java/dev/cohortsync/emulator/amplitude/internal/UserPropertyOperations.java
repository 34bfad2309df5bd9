package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cohortsync.emulator.http.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies an Amplitude {@code user_properties} object to a user's properties. Plain keys set
 * values, as do the operations {@code $set} and {@code $setOnce} (only if unset); {@code $add}
 * adds numbers, {@code $append} and {@code $prepend} extend lists and {@code $unset} removes
 * keys. Operations and plain keys cannot be mixed in one object.
 *
 * <p>The fake stores every property as text, the form in which exports show it: numbers keep
 * their JSON spelling and lists built by {@code $append} and {@code $prepend} are JSON arrays.
 */
final class UserPropertyOperations {

  private UserPropertyOperations() {}

  /**
   * Returns the properties after the update; {@code current} is not changed.
   *
   * @throws IllegalArgumentException describing the first invalid part of the update
   */
  static Map<String, String> apply(Map<String, String> current, JsonNode update) {
    if (!update.isObject()) {
      throw new IllegalArgumentException("user_properties must be a JSON object");
    }
    boolean hasOperations = false;
    boolean hasPlainKeys = false;
    for (Iterator<String> it = update.fieldNames(); it.hasNext(); ) {
      if (it.next().startsWith("$")) {
        hasOperations = true;
      } else {
        hasPlainKeys = true;
      }
    }
    if (hasOperations && hasPlainKeys) {
      throw new IllegalArgumentException(
          "user_properties mixes operations such as $set with plain keys; put plain keys inside $set");
    }
    Map<String, String> result = new TreeMap<>(current);
    if (!hasOperations) {
      setAll(result, update, true);
      return result;
    }
    for (Map.Entry<String, JsonNode> operation : update.properties()) {
      JsonNode values = operation.getValue();
      if (!values.isObject()) {
        throw new IllegalArgumentException(operation.getKey() + " must map property names to values");
      }
      switch (operation.getKey()) {
        case "$set" -> setAll(result, values, true);
        case "$setOnce" -> setAll(result, values, false);
        case "$unset" -> values.fieldNames().forEachRemaining(result::remove);
        case "$add" -> add(result, values);
        case "$append" -> extend(result, values, true);
        case "$prepend" -> extend(result, values, false);
        default -> throw new IllegalArgumentException(
            "unsupported user property operation " + operation.getKey()
                + "; use $set, $setOnce, $add, $append, $prepend or $unset");
      }
    }
    return result;
  }

  private static void setAll(Map<String, String> result, JsonNode values, boolean overwrite) {
    for (Map.Entry<String, JsonNode> entry : values.properties()) {
      if (overwrite || !result.containsKey(entry.getKey())) {
        if (entry.getValue().isNull()) {
          result.remove(entry.getKey());
        } else {
          result.put(entry.getKey(), text(entry.getValue()));
        }
      }
    }
  }

  private static void add(Map<String, String> result, JsonNode values) {
    for (Map.Entry<String, JsonNode> entry : values.properties()) {
      if (!entry.getValue().isNumber()) {
        throw new IllegalArgumentException("$add." + entry.getKey() + " must be a number");
      }
      BigDecimal base;
      try {
        base = new BigDecimal(result.getOrDefault(entry.getKey(), "0"));
      } catch (NumberFormatException e) {
        base = BigDecimal.ZERO;
      }
      result.put(entry.getKey(), base.add(entry.getValue().decimalValue()).toPlainString());
    }
  }

  private static void extend(Map<String, String> result, JsonNode values, boolean atEnd) {
    for (Map.Entry<String, JsonNode> entry : values.properties()) {
      ArrayNode list = asList(result.get(entry.getKey()));
      JsonNode added = entry.getValue();
      ArrayNode items = Json.MAPPER.createArrayNode();
      if (added.isArray()) {
        items.addAll((ArrayNode) added);
      } else {
        items.add(added);
      }
      if (atEnd) {
        list.addAll(items);
      } else {
        items.addAll(list);
        list = items;
      }
      result.put(entry.getKey(), list.toString());
    }
  }

  private static ArrayNode asList(String stored) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    if (stored == null) {
      return list;
    }
    try {
      JsonNode parsed = Json.MAPPER.readTree(stored);
      if (parsed != null && parsed.isArray()) {
        return (ArrayNode) parsed;
      }
    } catch (IOException e) {
      // Not a list yet: the stored text becomes its first element below.
    }
    list.add(stored);
    return list;
  }

  private static String text(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }
}
