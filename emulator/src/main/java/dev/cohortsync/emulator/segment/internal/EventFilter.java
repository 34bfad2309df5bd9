package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.segment.EventQuery;

/**
 * The filters of an {@link EventQuery} in the form the store evaluates: first against the indexed
 * columns (type, time, write key and 32-bit hashes of the id fields), then, for the few candidates
 * left, against the decoded message to rule out hash collisions and check traits.
 */
final class EventFilter {

  static final int ABSENT_HASH = 0;

  private final byte type;
  private final String writeKey;
  private final long fromMillis;
  private final long toMillis;
  private final String userId;
  private final String anonymousId;
  private final String messageId;
  private final String event;
  private final String trait;
  private final String traitValue;

  private EventFilter(EventQuery query) {
    MessageType parsed = query.type() == null ? null : MessageType.fromWireName(query.type());
    this.type = parsed == null ? -1 : parsed.code();
    this.writeKey = query.writeKey();
    this.fromMillis = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
    this.toMillis = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli();
    this.userId = query.userId();
    this.anonymousId = query.anonymousId();
    this.messageId = query.messageId();
    this.event = query.event();
    this.trait = query.trait();
    this.traitValue = query.traitValue();
  }

  static EventFilter of(EventQuery query) {
    return new EventFilter(query);
  }

  static int hash(String value) {
    return value == null ? ABSENT_HASH : value.hashCode();
  }

  /** Returns the write key to match, or null for any. */
  String writeKey() {
    return writeKey;
  }

  String type() {
    return type < 0 ? null : MessageType.fromCode(type).wireName();
  }

  boolean matchesIndexed(
      byte eventType,
      long receivedAtMillis,
      int userHash,
      int anonymousHash,
      int messageHash,
      int eventHash) {
    return (type < 0 || type == eventType)
        && receivedAtMillis >= fromMillis
        && receivedAtMillis < toMillis
        && (userId == null || userHash == userId.hashCode())
        && (anonymousId == null || anonymousHash == anonymousId.hashCode())
        && (messageId == null || messageHash == messageId.hashCode())
        && (event == null || eventHash == event.hashCode());
  }

  /** Returns whether the filter has no condition at all. */
  boolean matchesEverything() {
    return type < 0
        && writeKey == null
        && fromMillis == Long.MIN_VALUE
        && toMillis == Long.MAX_VALUE
        && !needsMessage();
  }

  /** Returns whether {@link #matchesMessage} has anything to check. */
  boolean needsMessage() {
    return userId != null
        || anonymousId != null
        || messageId != null
        || event != null
        || trait != null;
  }

  boolean matchesMessage(JsonNode message) {
    return textEquals(message, "userId", userId)
        && textEquals(message, "anonymousId", anonymousId)
        && textEquals(message, "messageId", messageId)
        && textEquals(message, "event", event)
        && traitMatches(message.path("traits"));
  }

  /** Checks the plain string fields of a rejected message, which has no stored JSON. */
  boolean matchesFields(
      String type,
      String userId,
      String anonymousId,
      String messageId,
      String event,
      long receivedAtMillis) {
    return (this.type < 0 || MessageType.fromCode(this.type).wireName().equals(type))
        && receivedAtMillis >= fromMillis
        && receivedAtMillis < toMillis
        && (this.userId == null || this.userId.equals(userId))
        && (this.anonymousId == null || this.anonymousId.equals(anonymousId))
        && (this.messageId == null || this.messageId.equals(messageId))
        && (this.event == null || this.event.equals(event));
  }

  private boolean traitMatches(JsonNode traits) {
    if (trait == null) {
      return true;
    }
    if (!traits.isObject() || !traits.has(trait)) {
      return false;
    }
    if (traitValue == null) {
      return true;
    }
    JsonNode value = traits.get(trait);
    String text = value.isValueNode() ? value.asText() : value.toString();
    return traitValue.equals(text);
  }

  private static boolean textEquals(JsonNode message, String field, String expected) {
    if (expected == null) {
      return true;
    }
    JsonNode value = message.get(field);
    return value != null && value.isTextual() && expected.equals(value.asText());
  }
}
