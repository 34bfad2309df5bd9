package dev.cohortsync.sync;

/**
 * Progress of a running sync, for command-line progress and logs. Methods are called on engine
 * threads, possibly several at once, and must return quickly; the defaults do nothing.
 */
public interface RunListener {

  /** A listener that ignores every event. */
  RunListener NONE = new RunListener() {};

  /** A cohort's export was read: {@code members} distinct user ids, {@code skipped} without one. */
  default void exportRead(String syncId, String cohortId, long members, long skipped) {}

  /** The diff found {@code changes} identifies to send for a cohort. */
  default void changesFound(String syncId, String cohortId, long changes) {}

  /** Segment acknowledged a batch; {@code acknowledged} counts the cohort's changes so far. */
  default void batchAcknowledged(String syncId, String cohortId, long acknowledged) {}
}
