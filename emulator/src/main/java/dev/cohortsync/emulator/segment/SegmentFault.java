package dev.cohortsync.emulator.segment;

/**
 * A canned failure for the next requests to the tracking routes, for testing client retries.
 *
 * @param status HTTP status of the response, 200 to 599
 * @param count how many requests get it, at least 1
 * @param retryAfterSeconds value of {@code Retry-After} and {@code X-RateLimit-Reset}, or null to
 *     send neither header
 * @param afterStore whether the request is processed and stored before the fault replaces the
 *     answer, which models a lost acknowledgement: the client retries and dedupe must drop the copy
 * @param body response body, or null for a JSON error body naming the injected status
 */
public record SegmentFault(
    int status, int count, Integer retryAfterSeconds, boolean afterStore, String body) {

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the invalid field, its value and the fix
   */
  public SegmentFault {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException(
          "invalid status (" + status + "): pass an HTTP status from 200 to 599");
    }
    if (count < 1) {
      throw new IllegalArgumentException("invalid count (" + count + "): pass 1 or more");
    }
    if (retryAfterSeconds != null && retryAfterSeconds < 0) {
      throw new IllegalArgumentException(
          "invalid retryAfter ("
              + retryAfterSeconds
              + "): pass 0 or more seconds, or leave it out");
    }
  }

  /**
   * Creates a fault that sends {@code status} with a JSON error body to the next {@code count}
   * requests.
   */
  public static SegmentFault of(int status, int count) {
    return new SegmentFault(status, count, null, false, null);
  }
}
