package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** Reads and checks JSON bodies of the vendor routes; every problem becomes a vendor 400. */
final class VendorBodies {

  private VendorBodies() {}

  static ObjectNode readObject(Context ctx) {
    byte[] raw = ctx.bodyAsBytes();
    JsonNode node;
    try {
      node = raw.length == 0 ? null : Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw VendorException.badRequest("Invalid JSON request body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw VendorException.badRequest("Request body cannot be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw VendorException.badRequest("Request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  static String requiredText(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw missing(field, "a string");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw wrongType(field, value, "a non-empty string");
    }
    return value.asText();
  }

  static String optionalText(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(field, value, "a string");
    }
    return value.asText();
  }

  static long requiredInteger(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw missing(field, "an integer");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw wrongType(field, value, "an integer");
    }
    return value.asLong();
  }

  static boolean requiredBoolean(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw missing(field, "true or false");
    }
    if (!value.isBoolean()) {
      throw wrongType(field, value, "true or false");
    }
    return value.asBoolean();
  }

  static boolean optionalBoolean(ObjectNode body, String field, boolean fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw wrongType(field, value, "true or false");
    }
    return value.asBoolean();
  }

  /** Returns the text of an id element: strings as they are, integers in decimal, else null. */
  static String idText(JsonNode element) {
    if (element.isTextual()) {
      return element.asText();
    }
    if (element.isIntegralNumber()) {
      return element.asText();
    }
    return null;
  }

  private static VendorException missing(String field, String expected) {
    return VendorException.badRequest(
        "Missing required field " + field + "; send " + expected, Map.of("field", field));
  }

  private static VendorException wrongType(String field, JsonNode value, String expected) {
    String shown = value.toString();
    if (shown.length() > 100) {
      shown = shown.substring(0, 100) + "...";
    }
    return VendorException.badRequest(
        "Invalid value for " + field + ": " + shown + "; send " + expected,
        Map.of("field", field));
  }
}
