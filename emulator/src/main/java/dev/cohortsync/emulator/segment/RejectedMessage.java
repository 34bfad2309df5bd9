package dev.cohortsync.emulator.segment;

import java.time.Instant;

/**
 * A message or request the fake Segment did not store, with the reason.
 *
 * <p>User-supplied strings are cut to 200 characters and the write key is masked to its first
 * characters, so listing rejections never echoes a full key.
 *
 * @param sequence position in rejection order; unique and increasing for the life of the process
 * @param receivedAt server time of arrival
 * @param reason why it was not stored
 * @param status HTTP status of the response to the request: 200 when Segment would accept the
 *     request and drop the message later, otherwise the error status
 * @param writeKey the masked write key, or null when the request carried none
 * @param route the path the request arrived on
 * @param index position of the message in its batch, or -1 for a single call or a whole request
 * @param field the offending field (a JSON field name such as {@code traits}), or null
 * @param value the offending value as text, or null when the field was missing
 * @param detail a sentence saying what was wrong and what to send instead
 * @param type the message type when known, else null
 * @param messageId the message's messageId when it had a string one, else null
 * @param userId the message's userId when it had a string one, else null
 * @param anonymousId the message's anonymousId when it had a string one, else null
 * @param event the track event name when it had a string one, else null
 */
public record RejectedMessage(
    long sequence,
    Instant receivedAt,
    RejectionReason reason,
    int status,
    String writeKey,
    String route,
    int index,
    String field,
    String value,
    String detail,
    String type,
    String messageId,
    String userId,
    String anonymousId,
    String event) {}
