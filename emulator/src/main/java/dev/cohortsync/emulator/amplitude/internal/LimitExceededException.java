package dev.cohortsync.emulator.amplitude.internal;

/** Thrown when one of Amplitude's limits refuses a request; carries the details for the 429. */
public final class LimitExceededException extends RuntimeException {

  private final LimitViolation violation;

  public LimitExceededException(LimitViolation violation) {
    super(violation.message());
    this.violation = violation;
  }

  public LimitViolation violation() {
    return violation;
  }
}
