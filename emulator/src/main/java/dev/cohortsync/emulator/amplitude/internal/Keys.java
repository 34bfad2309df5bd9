package dev.cohortsync.emulator.amplitude.internal;

/** Renders credentials for logs without revealing them. */
public final class Keys {

  private Keys() {}

  /** Returns the first 4 characters followed by an ellipsis, or only the ellipsis if shorter. */
  public static String mask(String key) {
    if (key == null) {
      return "null";
    }
    return key.length() <= 4 ? "…" : key.substring(0, 4) + "…";
  }
}
