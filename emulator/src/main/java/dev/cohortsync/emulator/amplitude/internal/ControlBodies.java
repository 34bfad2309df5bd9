package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.ApiException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of control API bodies and query parameters; every problem is a 400. */
final class ControlBodies {

  private ControlBodies() {}

  /** Returns the text of {@code field}, or null when it is absent or null. */
  static String text(ObjectNode body, String field, String fix) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(field, value.toString(), "is not a string", fix);
    }
    return value.asText();
  }

  static String requiredText(ObjectNode body, String field, String fix) {
    String value = text(body, field, fix);
    if (value == null) {
      throw ApiException.invalid(field, null, "is required", fix);
    }
    return value;
  }

  /** Returns the integer in {@code field}, or null when it is absent or null. */
  static Long integer(ObjectNode body, String field, String fix) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiException.invalid(field, value.toString(), "is not an integer", fix);
    }
    return value.asLong();
  }

  static boolean bool(ObjectNode body, String field, boolean fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiException.invalid(field, value.toString(), "is not a boolean", "send true or false");
    }
    return value.asBoolean();
  }

  /** Reads an array of Amplitude ids given as integers or digit strings. */
  static long[] amplitudeIds(ObjectNode body, String field, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw ApiException.invalid(
            field, null, "is required", "send an array of amplitude ids, for example [101, 102]");
      }
      return null;
    }
    if (!value.isArray()) {
      throw ApiException.invalid(
          field, value.toString(), "is not an array", "send an array of amplitude ids");
    }
    long[] ids = new long[value.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode element = value.get(i);
      long id = 0;
      if (element.isIntegralNumber() && element.canConvertToLong()) {
        id = element.asLong();
      } else if (element.isTextual()) {
        try {
          id = Long.parseLong(element.asText());
        } catch (NumberFormatException e) {
          id = 0;
        }
      }
      if (id <= 0) {
        throw ApiException.invalid(
            field + "[" + i + "]", element.toString(), "is not a positive integer amplitude id",
            "send amplitude ids such as 356896327775");
      }
      ids[i] = id;
    }
    return ids;
  }

  /** Reads an array of strings; absent or null gives null. */
  static List<String> textList(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ApiException.invalid(field, value.toString(), "is not an array", "send an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isTextual()) {
        throw ApiException.invalid(
            field + "[" + i + "]", element.toString(), "is not a string", "send strings only");
      }
      list.add(element.asText());
    }
    return list;
  }

  /** Reads an object of scalar values as strings; absent or null gives null. */
  static Map<String, String> textMap(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw ApiException.invalid(
          field, value.toString(), "is not an object", "send an object such as {\"plan\":\"pro\"}");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode element = entry.getValue();
      if (!element.isValueNode() || element.isNull()) {
        throw ApiException.invalid(
            field + "." + entry.getKey(), element.toString(), "is not a string, number or boolean",
            "send scalar values; they are exported as text");
      }
      map.put(entry.getKey(), element.asText());
    }
    return map;
  }

  /** Reads an ISO-8601 instant; absent or null gives null. */
  static Instant instant(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          field, value.asText(), "is not an ISO-8601 instant", "send a UTC instant such as"
              + " 2026-01-05T10:00:00Z");
    }
  }

  static int queryInt(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, raw, "is not an integer", "send " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw ApiException.invalid(name, raw, "is out of range", "send " + min + " to " + max);
    }
    return value;
  }
}
