package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Finds the write key of a tracking request and masks keys for display. */
public final class WriteKeys {

  private static final int SHOWN_CHARACTERS = 4;

  private WriteKeys() {}

  /**
   * Masks a write key for logs and responses: at most its first 4 characters, never more than half
   * of it, followed by an ellipsis. Returns null for null.
   */
  public static String mask(String writeKey) {
    if (writeKey == null) {
      return null;
    }
    int shown = Math.min(SHOWN_CHARACTERS, writeKey.length() / 2);
    return writeKey.substring(0, shown) + "\u2026";
  }

  /**
   * Resolves the key from the {@code Authorization} header and the body's {@code writeKey}.
   *
   * <p>Basic auth carries the key as the user name, with or without the trailing colon. A Bearer
   * token (OAuth) is not checked: the key then has to come from the body, as Segment requires.
   */
  static Resolved resolve(String authorization, JsonNode bodyWriteKey, boolean headerWins) {
    String fromHeader = basicUser(authorization);
    String fromBody =
        bodyWriteKey != null && bodyWriteKey.isTextual() && !bodyWriteKey.asText().isEmpty()
            ? bodyWriteKey.asText()
            : null;
    if (fromHeader != null && (headerWins || fromBody == null)) {
      return new Resolved(fromHeader, null);
    }
    if (fromBody != null) {
      return new Resolved(fromBody, null);
    }
    String problem = "no write key in Basic auth or in the body's writeKey";
    if (authorization != null && !authorization.isBlank() && fromHeader == null) {
      problem =
          authorization.regionMatches(true, 0, "Bearer ", 0, 7)
              ? "a Bearer token needs the write key in the body's writeKey"
              : "the Authorization header is not Basic auth with the write key as user name";
    }
    return new Resolved(null, problem);
  }

  private static String basicUser(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String encoded = authorization.substring(6).trim();
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String credentials = new String(decoded, StandardCharsets.UTF_8);
    int colon = credentials.indexOf(':');
    String user = colon < 0 ? credentials : credentials.substring(0, colon);
    return user.isEmpty() ? null : user;
  }

  /**
   * The write key found, or null with the reason none was found.
   *
   * @param key the key, or null
   * @param problem why no key was found, or null when one was
   */
  record Resolved(String key, String problem) {}
}
