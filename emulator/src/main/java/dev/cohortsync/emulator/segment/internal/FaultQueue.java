package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.SegmentFault;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Injected faults in the order they were added; each tracking request takes one use of the first.
 */
final class FaultQueue {

  private final Deque<SegmentFault> pending = new ArrayDeque<>();

  synchronized void add(SegmentFault fault) {
    pending.addLast(fault);
  }

  /** Takes one use of the first fault, or returns null when none is pending. */
  synchronized SegmentFault take() {
    SegmentFault first = pending.pollFirst();
    if (first == null) {
      return null;
    }
    if (first.count() > 1) {
      pending.addFirst(
          new SegmentFault(
              first.status(),
              first.count() - 1,
              first.retryAfterSeconds(),
              first.afterStore(),
              first.body()));
    }
    return first;
  }

  /** Returns the pending faults, each with the uses it has left. */
  synchronized List<SegmentFault> pending() {
    return List.copyOf(pending);
  }

  synchronized void clear() {
    pending.clear();
  }
}
