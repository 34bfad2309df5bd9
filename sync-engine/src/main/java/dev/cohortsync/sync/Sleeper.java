package dev.cohortsync.sync;

import java.time.Duration;

/**
 * Waits between retries and export polls. The engine never calls {@link Thread#sleep} directly,
 * so tests pass a sleeper that advances virtual time and returns at once.
 */
@FunctionalInterface
public interface Sleeper {

  /** Blocks for {@code duration}, or returns early with an exception when interrupted. */
  void sleep(Duration duration) throws InterruptedException;

  /** Returns a sleeper that blocks the calling thread for real time. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
