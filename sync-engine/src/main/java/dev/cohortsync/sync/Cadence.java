package dev.cohortsync.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * How often a sync runs. Every cadence runs once right after the sync is created (Amplitude does
 * the same); scheduled cadences then run once per period, measured on the engine's clock from
 * the creation instant.
 */
public enum Cadence {
  /** Runs once; later changes are never sent. */
  ONE_TIME(null),
  /** Amplitude's "real-time" sync, which checks for changes every minute. */
  EVERY_MINUTE(Duration.ofMinutes(1)),
  HOURLY(Duration.ofHours(1)),
  DAILY(Duration.ofDays(1));

  private final Duration period;

  Cadence(Duration period) {
    this.period = period;
  }

  /** The period between scheduled runs, or empty for {@link #ONE_TIME}. */
  public Optional<Duration> period() {
    return Optional.ofNullable(period);
  }
}
