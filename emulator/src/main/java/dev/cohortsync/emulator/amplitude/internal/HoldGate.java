package dev.cohortsync.emulator.amplitude.internal;

import java.time.Duration;

/**
 * Lets a test hold a project's vendor requests mid-flight, so overlapping requests and the
 * concurrency limits can be provoked without timing tricks. Held requests keep their slot and any
 * cohort write claim until released.
 */
final class HoldGate {

  private boolean held;
  private int waiting;

  synchronized void hold() {
    held = true;
  }

  synchronized void release() {
    held = false;
    notifyAll();
  }

  synchronized boolean held() {
    return held;
  }

  /** Requests currently waiting at the gate. */
  synchronized int waiting() {
    return waiting;
  }

  /**
   * Returns at once when not held; otherwise waits for {@link #release()} or until
   * {@code maxWait} of real time has passed, whichever comes first.
   */
  synchronized void pass(Duration maxWait) throws InterruptedException {
    if (!held) {
      return;
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    waiting++;
    try {
      while (held) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          return;
        }
        wait(remainingMillis);
      }
    } finally {
      waiting--;
    }
  }
}
