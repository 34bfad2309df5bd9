package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** ISO-8601 parsing and formatting for message timestamps. */
final class Timestamps {

  // Segment's examples carry milliseconds and a Z; Locale.ROOT keeps digits ASCII in any locale.
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** Parses a JSON string holding an ISO-8601 date-time with an offset, or returns null. */
  static Instant parse(JsonNode node) {
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Formats as UTC with milliseconds, for example {@code 2026-01-05T10:00:00.000Z}. */
  static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
