package dev.cohortsync.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of one cohort in one run, updated by the sender threads. */
public final class CohortCounters {

  static final int MAX_FAILURES_LISTED = 20;

  final AtomicLong sentTrue = new AtomicLong();
  final AtomicLong sentFalse = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong retriedBatches = new AtomicLong();
  final AtomicLong unacknowledgedBatches = new AtomicLong();
  private final List<String> failures = new ArrayList<>();

  void fail(long changes, String reason) {
    failed.addAndGet(changes);
    synchronized (failures) {
      if (failures.size() < MAX_FAILURES_LISTED) {
        failures.add(reason);
      }
    }
  }

  List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  long acknowledged() {
    return sentTrue.get() + sentFalse.get();
  }
}
