package dev.cohortsync.emulator.amplitude.internal;

/** Thrown when a cohort has more members than one export may contain. */
public final class ExportTooLargeException extends RuntimeException {

  private final String cohortId;
  private final int size;
  private final int max;

  public ExportTooLargeException(String cohortId, int size, int max) {
    super("cohort " + cohortId + " has " + size + " members; downloads are limited to " + max);
    this.cohortId = cohortId;
    this.size = size;
    this.max = max;
  }

  public String cohortId() {
    return cohortId;
  }

  public int size() {
    return size;
  }

  public int max() {
    return max;
  }
}
