package dev.cohortsync.emulator.segment.internal;

/** The six Segment message types, with a compact code for the event store. */
enum MessageType {
  IDENTIFY("identify"),
  TRACK("track"),
  PAGE("page"),
  SCREEN("screen"),
  GROUP("group"),
  ALIAS("alias");

  private static final MessageType[] BY_CODE = values();

  private final String wireName;

  MessageType(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  byte code() {
    return (byte) ordinal();
  }

  static MessageType fromCode(byte code) {
    return BY_CODE[code];
  }

  /** Finds the type spelled exactly {@code name}, or null. Segment's type names are lower-case. */
  static MessageType fromWireName(String name) {
    for (MessageType type : BY_CODE) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
