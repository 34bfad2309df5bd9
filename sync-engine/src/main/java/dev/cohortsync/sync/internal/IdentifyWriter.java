package dev.cohortsync.sync.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Serializes the identify calls and the {@code /v1/batch} envelope as UTF-8 JSON, so sizes are
 * measured on the bytes that go on the wire.
 */
public final class IdentifyWriter {

  /** Value of {@code context.integration.name}, as Segment documents for Amplitude's cohort sync. */
  public static final String INTEGRATION_NAME = "Amplitude Cohort Sync";
  public static final String INTEGRATION_VERSION = "1.0.0";

  /** ISO-8601 UTC with milliseconds, always 24 characters, so the envelope size is known in advance. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final byte[] ENVELOPE_START = "{\"batch\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENVELOPE_SENT_AT = "],\"sentAt\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENVELOPE_END = "\"}".getBytes(StandardCharsets.US_ASCII);

  /** Bytes the envelope adds around the comma-separated messages. */
  public static final int ENVELOPE_BYTES =
      ENVELOPE_START.length + ENVELOPE_SENT_AT.length + 24 + ENVELOPE_END.length;

  private static final JsonFactory JSON = new JsonFactory();

  private final String syncId;
  private final String cohortId;
  private final String traitKey;
  private final String timestamp;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

  /** A writer for the identifies of one batch: one key, one creation instant. */
  public IdentifyWriter(String syncId, String cohortId, String traitKey, Instant createdAt) {
    this.syncId = syncId;
    this.cohortId = cohortId;
    this.traitKey = traitKey;
    this.timestamp = formatTimestamp(createdAt);
  }

  public static String formatTimestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  /** Returns the UTF-8 JSON of the identify for one change. */
  public byte[] identify(Change change) {
    buffer.reset();
    try (JsonGenerator json = JSON.createGenerator(buffer)) {
      json.writeStartObject();
      json.writeStringField("type", "identify");
      json.writeStringField("userId", change.userId());
      json.writeObjectFieldStart("traits");
      json.writeBooleanField(traitKey, change.value());
      json.writeEndObject();
      json.writeObjectFieldStart("context");
      json.writeObjectFieldStart("integration");
      json.writeStringField("name", INTEGRATION_NAME);
      json.writeStringField("version", INTEGRATION_VERSION);
      json.writeEndObject();
      json.writeEndObject();
      json.writeStringField("messageId", MessageIds.of(syncId, cohortId, traitKey, change));
      json.writeStringField("timestamp", timestamp);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return buffer.toByteArray();
  }

  /**
   * Wraps comma-separated messages in the batch envelope with {@code sentAt}.
   *
   * @param messages the messages joined by commas, without brackets
   */
  public static byte[] envelope(byte[] messages, Instant sentAt) {
    byte[] sent = formatTimestamp(sentAt).getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[ENVELOPE_BYTES + messages.length];
    int at = 0;
    System.arraycopy(ENVELOPE_START, 0, body, at, ENVELOPE_START.length);
    at += ENVELOPE_START.length;
    System.arraycopy(messages, 0, body, at, messages.length);
    at += messages.length;
    System.arraycopy(ENVELOPE_SENT_AT, 0, body, at, ENVELOPE_SENT_AT.length);
    at += ENVELOPE_SENT_AT.length;
    System.arraycopy(sent, 0, body, at, sent.length);
    at += sent.length;
    System.arraycopy(ENVELOPE_END, 0, body, at, ENVELOPE_END.length);
    return body;
  }
}
