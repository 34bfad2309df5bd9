package dev.cohortsync.emulator.segment;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Reason the fake Segment did not store a message or a request, as listed by the rejected route.
 *
 * <p>Codes that Segment's Delivery Overview documents as discard reasons keep Segment's spelling
 * ({@link #segmentCode()} is true). The others are the fake's own names for cases Segment does not
 * document.
 */
public enum RejectionReason {
  // Message-level reasons: the request gets 200 and only this message is dropped.
  NO_USER_ANON_ID("no_user_anon_id", true),
  ID_NOT_STRING("id_not_string", true),
  ID_REQUIRED("id_required", true),
  TRAITS_NOT_OBJECT("traits_not_object", true),
  PROPERTIES_NOT_OBJECT("properties_not_object", true),
  EVENT_NOT_DEFINED("event_not_defined", true),
  EVENT_NOT_STRING("event_not_string", true),
  NAME_NOT_STRING("name_not_string", true),
  CATEGORY_NOT_STRING("category_not_string", true),
  EMPTY_BATCH("empty_batch", true),
  CONTEXT_NOT_OBJECT("context_not_object", false),
  INTEGRATIONS_NOT_OBJECT("integrations_not_object", false),
  MESSAGE_NOT_OBJECT("message_not_object", false),
  TYPE_NOT_DEFINED("type_not_defined", false),
  TYPE_NOT_STRING("type_not_string", false),
  TYPE_NOT_VALID("type_not_valid", false),
  MESSAGE_ID_NOT_STRING("message_id_not_string", false),
  MESSAGE_ID_TOO_LONG("message_id_too_long", false),
  TOO_MANY_EVENTS("too_many_events", false),
  DUPLICATE_MESSAGE_ID("duplicate_message_id", false),
  UNKNOWN_WRITE_KEY("unknown_write_key", false),

  // Request-level reasons: the whole request gets an error status.
  PAYLOAD_TOO_LARGE("payload_too_large", false),
  MESSAGE_TOO_LARGE("message_too_large", false),
  INVALID_JSON("invalid_json", false),
  BODY_NOT_OBJECT("body_not_object", false),
  BATCH_NOT_ARRAY("batch_not_array", false),
  INVALID_ENCODING("invalid_encoding", false),
  MISSING_WRITE_KEY("missing_write_key", false),
  VALIDATION_FAILED("validation_failed", false);

  private final String code;
  private final boolean segmentCode;

  RejectionReason(String code, boolean segmentCode) {
    this.code = code;
    this.segmentCode = segmentCode;
  }

  /** Returns the snake_case code shown in responses and accepted by the {@code reason} filter. */
  @JsonValue
  public String code() {
    return code;
  }

  /** Returns whether Segment documents this code as a discard reason. */
  public boolean segmentCode() {
    return segmentCode;
  }

  /** Finds the reason with this code, or null when no reason has it. */
  public static RejectionReason fromCode(String code) {
    for (RejectionReason reason : values()) {
      if (reason.code.equals(code)) {
        return reason;
      }
    }
    return null;
  }
}
