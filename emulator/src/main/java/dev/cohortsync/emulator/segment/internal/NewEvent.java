package dev.cohortsync.emulator.segment.internal;

/**
 * A normalized event ready for the store, with the fields the store indexes.
 *
 * @param json the stored message as compact UTF-8 JSON
 */
record NewEvent(
    MessageType type,
    TrackingRoute route,
    String writeKey,
    long receivedAtMillis,
    String userId,
    String anonymousId,
    String messageId,
    String event,
    byte[] json) {}
