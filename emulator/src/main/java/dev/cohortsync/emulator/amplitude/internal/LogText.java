package dev.cohortsync.emulator.amplitude.internal;

/** Renders user-controlled text for log lines so it cannot forge or break them. */
final class LogText {

  private static final int MAX_LENGTH = 80;

  private LogText() {}

  /** Returns the text with control characters replaced by '?' and cut to 80 characters. */
  static String safe(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
    for (int i = 0; i < text.length() && i < MAX_LENGTH; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX_LENGTH) {
      out.append("...");
    }
    return out.toString();
  }
}
