package dev.cohortsync.sync;

/** Shortens keys and secrets for logs, errors and listings. */
public final class Secrets {

  private Secrets() {}

  /**
   * Returns at most the first 4 characters of {@code secret} followed by an ellipsis, so a log line
   * can tell two keys apart without revealing either.
   */
  public static String mask(String secret) {
    if (secret == null) {
      return "null";
    }
    return secret.length() <= 4 ? "…" : secret.substring(0, 4) + "…";
  }
}
