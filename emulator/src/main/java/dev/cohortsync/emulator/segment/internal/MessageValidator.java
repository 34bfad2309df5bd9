package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.segment.RejectionReason;

/**
 * Checks one message the way Segment's ingest does before it accepts it. Segment reports one
 * discard reason per message, so the first failed check wins. The order of the checks is the fake's
 * own, because Segment does not document one.
 */
final class MessageValidator {

  private final int maxMessageIdLength;

  MessageValidator(int maxMessageIdLength) {
    this.maxMessageIdLength = maxMessageIdLength;
  }

  /**
   * Checks the {@code type} field of a batch message; returns null when it names one of the six
   * types.
   */
  static Violation typeViolation(JsonNode message) {
    JsonNode type = message.get("type");
    if (type == null || type.isNull()) {
      return new Violation(
          RejectionReason.TYPE_NOT_DEFINED,
          "type",
          null,
          "every batch message needs a type: identify, track, page, screen, group or alias");
    }
    if (!type.isTextual()) {
      return new Violation(
          RejectionReason.TYPE_NOT_STRING,
          "type",
          type,
          "type must be a string: identify, track, page, screen, group or alias");
    }
    if (MessageType.fromWireName(type.asText()) == null) {
      return new Violation(
          RejectionReason.TYPE_NOT_VALID,
          "type",
          type,
          "type must be identify, track, page, screen, group or alias (lower-case)");
    }
    return null;
  }

  /**
   * Returns the first problem of {@code message} as a {@code type} call, or null if it is valid.
   */
  Violation validate(ObjectNode message, MessageType type) {
    Violation violation = checkMessageId(message);
    if (violation == null) {
      violation = checkIdentity(message);
    }
    if (violation == null) {
      violation = checkTypeFields(message, type);
    }
    if (violation == null) {
      violation = objectOrAbsent(message, "context", RejectionReason.CONTEXT_NOT_OBJECT);
    }
    if (violation == null) {
      violation = objectOrAbsent(message, "integrations", RejectionReason.INTEGRATIONS_NOT_OBJECT);
    }
    return violation;
  }

  private Violation checkMessageId(ObjectNode message) {
    JsonNode id = message.get("messageId");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual()) {
      return new Violation(
          RejectionReason.MESSAGE_ID_NOT_STRING,
          "messageId",
          id,
          "messageId must be a string; send a UUID or leave it out and the fake assigns one");
    }
    if (id.asText().length() > maxMessageIdLength) {
      return new Violation(
          RejectionReason.MESSAGE_ID_TOO_LONG,
          "messageId",
          id,
          "messageId is "
              + id.asText().length()
              + " characters long; Segment allows at most "
              + maxMessageIdLength);
    }
    return null;
  }

  private static Violation checkIdentity(ObjectNode message) {
    JsonNode userId = message.get("userId");
    JsonNode anonymousId = message.get("anonymousId");
    Violation bad = idProblem("userId", userId);
    if (bad == null) {
      bad = idProblem("anonymousId", anonymousId);
    }
    if (bad != null) {
      return bad;
    }
    if (isAbsent(userId) && isAbsent(anonymousId)) {
      return new Violation(
          RejectionReason.NO_USER_ANON_ID,
          "userId",
          null,
          "every message needs a userId or an anonymousId; send at least one of them");
    }
    return null;
  }

  private static Violation checkTypeFields(ObjectNode message, MessageType type) {
    switch (type) {
      case IDENTIFY:
        return objectOrAbsent(message, "traits", RejectionReason.TRAITS_NOT_OBJECT);
      case TRACK:
        return checkTrack(message);
      case PAGE:
        return firstOf(
            stringOrAbsent(message, "name", RejectionReason.NAME_NOT_STRING),
            stringOrAbsent(message, "category", RejectionReason.CATEGORY_NOT_STRING),
            objectOrAbsent(message, "properties", RejectionReason.PROPERTIES_NOT_OBJECT));
      case SCREEN:
        return firstOf(
            stringOrAbsent(message, "name", RejectionReason.NAME_NOT_STRING),
            objectOrAbsent(message, "properties", RejectionReason.PROPERTIES_NOT_OBJECT));
      case GROUP:
        return firstOf(
            requiredId(message, "groupId"),
            objectOrAbsent(message, "traits", RejectionReason.TRAITS_NOT_OBJECT));
      case ALIAS:
        return requiredId(message, "previousId");
      default:
        throw new IllegalStateException("unhandled message type " + type);
    }
  }

  private static Violation checkTrack(ObjectNode message) {
    JsonNode event = message.get("event");
    if (isAbsent(event) || (event.isTextual() && event.asText().isEmpty())) {
      return new Violation(
          RejectionReason.EVENT_NOT_DEFINED,
          "event",
          event,
          "a track call needs a non-empty event name, for example \"Order Completed\"");
    }
    if (!event.isTextual()) {
      return new Violation(
          RejectionReason.EVENT_NOT_STRING, "event", event, "event must be a string");
    }
    return objectOrAbsent(message, "properties", RejectionReason.PROPERTIES_NOT_OBJECT);
  }

  private static Violation requiredId(ObjectNode message, String field) {
    JsonNode id = message.get(field);
    if (isAbsent(id)) {
      return new Violation(
          RejectionReason.ID_REQUIRED,
          field,
          null,
          "this call needs " + field + "; send it as a string");
    }
    return idProblem(field, id);
  }

  private static Violation idProblem(String field, JsonNode id) {
    if (isAbsent(id)) {
      return null;
    }
    if (!id.isTextual() || id.asText().isEmpty()) {
      return new Violation(
          RejectionReason.ID_NOT_STRING,
          field,
          id,
          field + " must be a non-empty string; send numbers as text, for example \"42\"");
    }
    return null;
  }

  private static Violation objectOrAbsent(
      ObjectNode message, String field, RejectionReason reason) {
    JsonNode value = message.get(field);
    if (isAbsent(value) || value.isObject()) {
      return null;
    }
    return new Violation(
        reason, field, value, field + " must be a JSON object such as {\"plan\":\"pro\"}");
  }

  private static Violation stringOrAbsent(
      ObjectNode message, String field, RejectionReason reason) {
    JsonNode value = message.get(field);
    if (isAbsent(value) || value.isTextual()) {
      return null;
    }
    return new Violation(reason, field, value, field + " must be a string");
  }

  private static Violation firstOf(Violation... candidates) {
    for (Violation candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull();
  }
}
