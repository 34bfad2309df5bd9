package dev.cohortsync.emulator.segment.internal;

/**
 * Every POST path of the Tracking API the fake accepts. Single-event routes fix the message type;
 * batch routes carry it per message.
 */
enum TrackingRoute {
  IDENTIFY("/v1/identify", MessageType.IDENTIFY),
  TRACK("/v1/track", MessageType.TRACK),
  PAGE("/v1/page", MessageType.PAGE),
  SCREEN("/v1/screen", MessageType.SCREEN),
  GROUP("/v1/group", MessageType.GROUP),
  ALIAS("/v1/alias", MessageType.ALIAS),
  BATCH("/v1/batch", null),
  // Undocumented alias of /v1/batch; analytics-java posts to /v1/import/ with the slash.
  IMPORT("/v1/import", null),
  IMPORT_SLASH("/v1/import/", null),
  // analytics.js (browser) posts single events to /v1/<first letter> and batches to /v1/b.
  SHORT_IDENTIFY("/v1/i", MessageType.IDENTIFY),
  SHORT_TRACK("/v1/t", MessageType.TRACK),
  SHORT_PAGE("/v1/p", MessageType.PAGE),
  SHORT_SCREEN("/v1/s", MessageType.SCREEN),
  SHORT_GROUP("/v1/g", MessageType.GROUP),
  SHORT_ALIAS("/v1/a", MessageType.ALIAS),
  SHORT_BATCH("/v1/b", null);

  private static final TrackingRoute[] BY_CODE = values();

  private final String path;
  private final MessageType type;

  TrackingRoute(String path, MessageType type) {
    this.path = path;
    this.type = type;
  }

  String path() {
    return path;
  }

  /** Returns the type this route forces, or null for batch routes. */
  MessageType type() {
    return type;
  }

  boolean isBatch() {
    return type == null;
  }

  byte code() {
    return (byte) ordinal();
  }

  static TrackingRoute fromCode(byte code) {
    return BY_CODE[code];
  }
}
