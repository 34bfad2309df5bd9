package dev.cohortsync.emulator.segment.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per write key on the emulator clock: {@code burst} requests at once, refilled at
 * {@code requestsPerSecond}. Off when the rate is zero.
 */
final class RateLimiter {

  private final double requestsPerSecond;
  private final int burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  RateLimiter(double requestsPerSecond, int burst, Clock clock) {
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * Takes one request from the key's bucket.
   *
   * @return 0 when the request may pass, otherwise the whole seconds (at least 1) until it may
   */
  synchronized long acquire(String writeKey) {
    if (requestsPerSecond <= 0) {
      return 0;
    }
    long nowNanos = nanos();
    Bucket bucket = buckets.computeIfAbsent(writeKey, key -> new Bucket(burst, nowNanos));
    double elapsedSeconds = Math.max(0, nowNanos - bucket.updatedNanos) / 1e9;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * requestsPerSecond);
    bucket.updatedNanos = nowNanos;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    double waitSeconds = (1 - bucket.tokens) / requestsPerSecond;
    return Math.max(1, (long) Math.ceil(waitSeconds - 1e-9));
  }

  synchronized void forget(String writeKey) {
    buckets.remove(writeKey);
  }

  synchronized void clear() {
    buckets.clear();
  }

  private long nanos() {
    var instant = clock.instant();
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    private Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }
}
