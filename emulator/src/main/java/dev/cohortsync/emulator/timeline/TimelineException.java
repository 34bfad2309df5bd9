package dev.cohortsync.emulator.timeline;

/** A timeline that cannot be read or played, with the field, the value and the fix. */
public final class TimelineException extends IllegalArgumentException {

  public TimelineException(String message) {
    super(message);
  }

  public TimelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
