package dev.cohortsync.sync.internal;

/** A call to Amplitude failed; the message says which call, what came back and what to check. */
public final class AmplitudeException extends RuntimeException {

  public AmplitudeException(String message) {
    super(message);
  }

  public AmplitudeException(String message, Throwable cause) {
    super(message, cause);
  }
}
