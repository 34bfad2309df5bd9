package dev.cohortsync.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads JSON request bodies of the control API, turning every parse failure into a 400. */
public final class JsonBodies {

  private JsonBodies() {}

  /**
   * Parses the body as a JSON object; an empty body counts as {@code {}}.
   *
   * @throws ApiException 400 naming the body and the parser's complaint
   */
  public static ObjectNode readObject(Context ctx) {
    byte[] raw = ctx.bodyAsBytes();
    if (raw.length == 0) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(
          "body", preview(raw), "is not valid JSON: " + e.getOriginalMessage(), "send a JSON object");
    } catch (IOException e) {
      throw ApiException.invalid("body", preview(raw), "cannot be read: " + e.getMessage(), "send a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.invalid("body", preview(raw), "is not a JSON object", "send a JSON object such as {}");
    }
    return (ObjectNode) node;
  }

  private static String preview(byte[] raw) {
    return new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.UTF_8);
  }
}
