package dev.cohortsync.sync.internal;

import dev.cohortsync.sync.SegmentTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one batch to Segment's {@code /v1/batch} with HTTP Basic auth (write key as user name,
 * empty password) and retries it until Segment answers for good or the retries run out.
 */
public final class SegmentSender {

  private static final Logger log = LoggerFactory.getLogger(SegmentSender.class);

  /** How a batch ended. */
  public enum Result {
    /** Segment answered 2xx. */
    ACKNOWLEDGED,
    /** Segment answered with an error: a non-retryable status, or retries ran out on error answers. */
    REJECTED,
    /** No answer: the last attempt failed on the connection, so Segment may or may not have the batch. */
    UNACKNOWLEDGED
  }

  /** The result, the number of attempts made, and what went wrong (null when acknowledged). */
  public record Outcome(Result result, int attempts, String detail) {}

  private final HttpClient http;
  private final Clock clock;
  private final Backoff backoff;
  private final Duration requestTimeout;

  public SegmentSender(HttpClient http, Clock clock, Backoff backoff, Duration requestTimeout) {
    this.http = http;
    this.clock = clock;
    this.backoff = backoff;
    this.requestTimeout = requestTimeout;
  }

  /**
   * Sends the messages (comma-separated identify JSON) as one batch.
   *
   * @param heartbeat called before every retry, so a long retry sequence keeps the sync's lease
   */
  public Outcome send(SegmentTarget target, byte[] messages, Runnable heartbeat) {
    URI uri = URI.create(target.baseUri() + "/v1/batch");
    String auth = HttpClients.basic(target.writeKey(), "");
    int attempt = 0;
    while (true) {
      attempt++;
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(requestTimeout)
          .header("Authorization", auth)
          .header("Content-Type", "application/json")
          .header("User-Agent", "cohort-sync-engine/" + IdentifyWriter.INTEGRATION_VERSION)
          .POST(HttpRequest.BodyPublishers.ofByteArray(IdentifyWriter.envelope(messages, clock.instant())))
          .build();
      String failure;
      Optional<String> retryAfter = Optional.empty();
      boolean answered;
      try {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String body = readSnippet(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Outcome(Result.ACKNOWLEDGED, attempt, null);
        }
        failure = "HTTP " + status + (body.isEmpty() ? "" : " " + body);
        if (!Backoff.retryableStatus(status)) {
          return new Outcome(Result.REJECTED, attempt, failure);
        }
        retryAfter = response.headers().firstValue("Retry-After");
        answered = true;
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        answered = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(Result.UNACKNOWLEDGED, attempt, "interrupted while sending");
      }
      if (attempt > backoff.maxRetries()) {
        String detail = failure + " (after " + attempt + " attempts)";
        return new Outcome(answered ? Result.REJECTED : Result.UNACKNOWLEDGED, attempt, detail);
      }
      log.info("batch to {} failed ({}); retry {} of {}", uri, failure, attempt, backoff.maxRetries());
      heartbeat.run();
      try {
        backoff.pause(attempt, retryAfter);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome(Result.UNACKNOWLEDGED, attempt, failure + "; interrupted before the retry");
      }
    }
  }

  /** Reads at most 300 characters of an error body; the rest is drained and dropped. */
  static String readSnippet(InputStream body) throws IOException {
    try (InputStream in = body) {
      byte[] head = in.readNBytes(300);
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    }
  }
}
