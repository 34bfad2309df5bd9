package dev.cohortsync.emulator.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event the fake Segment accepted, as normalized and stored.
 *
 * @param sequence position in arrival order; unique and increasing for the life of the process,
 *     also across resets
 * @param writeKey the write key the event was sent with
 * @param route the path the event arrived on, for example {@code /v1/import/}
 * @param receivedAt server time of arrival on the emulator clock
 * @param type identify, track, page, screen, group or alias
 * @param messageId the client's messageId, or the one the fake assigned
 * @param userId the {@code userId}, or null
 * @param anonymousId the {@code anonymousId}, or null
 * @param message the stored message with server-side fields; a fresh tree on every read, so
 *     changing it changes nothing stored
 */
public record StoredEvent(
    long sequence,
    String writeKey,
    String route,
    Instant receivedAt,
    String type,
    String messageId,
    String userId,
    String anonymousId,
    ObjectNode message) {}
