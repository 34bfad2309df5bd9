package dev.cohortsync.emulator.segment;

/**
 * What happens to a batch with more messages than the per-batch maximum (2,500 at Segment). The
 * request still gets 200; Segment does not document which messages it drops.
 */
public enum BatchOverflow {
  /** Drop every message of the batch with reason {@code too_many_events}. */
  DROP_ALL,
  /** Keep the first messages up to the maximum and drop the rest with {@code too_many_events}. */
  DROP_EXCESS
}
