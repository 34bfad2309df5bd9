package dev.cohortsync.emulator.amplitude.internal;

import java.util.Map;

/**
 * A request refused by one of Amplitude's limits; rendered as a 429 whose body names the limit.
 *
 * @param limit stable name of the limit, for example {@code export_requests_per_window}
 * @param message what was exceeded and when to retry, in plain words
 * @param retryAfterSeconds value of the {@code Retry-After} header, at least 1
 * @param details numbers behind the decision, added to the error's {@code metadata}
 */
public record LimitViolation(
    String limit, String message, long retryAfterSeconds, Map<String, Object> details) {

  public LimitViolation {
    retryAfterSeconds = Math.max(1, retryAfterSeconds);
    details = Map.copyOf(details);
  }
}
