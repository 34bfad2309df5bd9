package dev.cohortsync.sync.internal;

import dev.cohortsync.sync.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Retry timing shared by the Segment sender and the Amplitude client: a server's
 * {@code Retry-After} (seconds or HTTP-date) when present, capped; otherwise exponential backoff
 * from the initial delay, doubling per retry (1 s, 2 s, ... 128 s for the defaults).
 */
public final class Backoff {

  private final Clock clock;
  private final Sleeper sleeper;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxRetryAfter;

  public Backoff(Clock clock, Sleeper sleeper, int maxRetries, Duration initialBackoff, Duration maxRetryAfter) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.maxRetryAfter = maxRetryAfter;
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** Whether an HTTP status is worth retrying: 408, 429, and 5xx other than 501. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration delay(int retry, Optional<String> retryAfter) {
    Optional<Duration> asked = retryAfter.flatMap(this::parseRetryAfter);
    if (asked.isPresent()) {
      Duration wait = asked.get();
      return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
    }
    int doublings = Math.min(retry - 1, 30);
    return initialBackoff.multipliedBy(1L << doublings);
  }

  /** Sleeps before retry number {@code retry}. */
  public void pause(int retry, Optional<String> retryAfter) throws InterruptedException {
    sleeper.sleep(delay(retry, retryAfter));
  }

  private Optional<Duration> parseRetryAfter(String value) {
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
