package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a valid message into the stored event: the route's type, the batch envelope's {@code
 * context}, {@code integrations} and {@code sentAt}, and the fields Segment sets on arrival ({@code
 * messageId} when absent, {@code receivedAt}, {@code originalTimestamp} and the skew-corrected
 * {@code timestamp}). The write key is not part of the stored message.
 */
final class MessageNormalizer {

  /** Prefix of messageIds the fake assigns, so they are easy to tell from a client's. */
  static final String GENERATED_ID_PREFIX = "api-";

  // Fields the normalizer writes itself; the client's values for them are replaced or dropped.
  private static final Set<String> SERVER_FIELDS =
      Set.of(
          "type",
          "writeKey",
          "context",
          "integrations",
          "messageId",
          "timestamp",
          "originalTimestamp",
          "sentAt",
          "receivedAt");

  private final boolean clockSkewCorrection;

  MessageNormalizer(boolean clockSkewCorrection) {
    this.clockSkewCorrection = clockSkewCorrection;
  }

  /**
   * Builds the stored form of {@code message}, which must have passed validation.
   *
   * @param envelope the batch envelope, or null for a single-event call
   */
  Normalized normalize(
      ObjectNode message, MessageType type, ObjectNode envelope, Instant receivedAt) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("type", type.wireName());
    for (Map.Entry<String, JsonNode> field : message.properties()) {
      if (!SERVER_FIELDS.contains(field.getKey())) {
        out.set(field.getKey(), field.getValue());
      }
    }
    JsonNode context = merged(envelopeField(envelope, "context"), message.get("context"));
    if (context != null) {
      out.set("context", context);
    }
    JsonNode integrations =
        merged(envelopeField(envelope, "integrations"), message.get("integrations"));
    if (integrations != null) {
      out.set("integrations", integrations);
    }

    JsonNode clientId = message.get("messageId");
    boolean generated = clientId == null || !clientId.isTextual() || clientId.asText().isEmpty();
    String messageId = generated ? GENERATED_ID_PREFIX + UUID.randomUUID() : clientId.asText();
    out.put("messageId", messageId);

    JsonNode sentAt = present(message.get("sentAt"));
    if (sentAt == null) {
      sentAt = present(envelopeField(envelope, "sentAt"));
    }
    JsonNode original = present(message.get("timestamp"));
    out.put("timestamp", Timestamps.format(timestamp(original, sentAt, receivedAt)));
    if (original != null) {
      out.set("originalTimestamp", original);
    }
    if (sentAt != null) {
      out.set("sentAt", sentAt);
    }
    out.put("receivedAt", Timestamps.format(receivedAt));

    return new Normalized(
        out,
        messageId,
        text(message.get("userId")),
        text(message.get("anonymousId")),
        type == MessageType.TRACK ? text(message.get("event")) : null);
  }

  /**
   * Corrects the client's clock: {@code receivedAt - (sentAt - timestamp)}. Without a parseable
   * timestamp the server time is used; without a parseable sentAt the timestamp stays as sent.
   */
  Instant timestamp(JsonNode original, JsonNode sentAt, Instant receivedAt) {
    Instant client = Timestamps.parse(original);
    if (client == null) {
      return receivedAt;
    }
    Instant sent = Timestamps.parse(sentAt);
    if (sent == null || !clockSkewCorrection) {
      return client;
    }
    return receivedAt.minus(Duration.between(client, sent));
  }

  /**
   * Merges the envelope's object into the message's: the message wins key by key at every depth, so
   * an envelope {@code context.library} survives next to a message {@code context.integration}.
   */
  static JsonNode merged(JsonNode envelopeValue, JsonNode messageValue) {
    JsonNode base = present(envelopeValue);
    JsonNode own = present(messageValue);
    if (base == null || !base.isObject()) {
      return own;
    }
    if (own == null) {
      return base.deepCopy();
    }
    if (!own.isObject()) {
      return own;
    }
    ObjectNode result = ((ObjectNode) base).deepCopy();
    for (Map.Entry<String, JsonNode> field : own.properties()) {
      JsonNode existing = result.get(field.getKey());
      if (existing != null && existing.isObject() && field.getValue().isObject()) {
        result.set(field.getKey(), merged(existing, field.getValue()));
      } else {
        result.set(field.getKey(), field.getValue());
      }
    }
    return result;
  }

  private static JsonNode envelopeField(ObjectNode envelope, String field) {
    return envelope == null ? null : envelope.get(field);
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /**
   * A normalized message with the fields the store indexes.
   *
   * @param message the stored JSON
   * @param messageId the client's or the assigned messageId
   * @param userId the userId, or null
   * @param anonymousId the anonymousId, or null
   * @param event the track event name, or null for other types
   */
  record Normalized(
      ObjectNode message, String messageId, String userId, String anonymousId, String event) {}
}
