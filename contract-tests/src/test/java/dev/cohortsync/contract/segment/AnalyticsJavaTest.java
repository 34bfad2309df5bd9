package dev.cohortsync.contract.segment;

import static dev.cohortsync.contract.segment.Tracking.WK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.FakeSegment;
import dev.cohortsync.emulator.segment.SegmentFault;
import dev.cohortsync.emulator.segment.SegmentStats;
import dev.cohortsync.emulator.segment.StoredEvent;
import dev.cohortsync.emulator.segment.WaitResult;
import dev.cohortsync.junit5.EmulatorExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Segment Java library, {@code com.segment.analytics.java:analytics} 3.5.4 (the newest
 * release on Maven Central), talking to the fake Segment.
 *
 * <p>3.5.4 differs from 3.5.5 in what it sends and how it retries: it sends no Authorization header
 * (the write key travels in the batch body), retries only 429 and every 5xx (501 included; 408, 410
 * and 460 are not retried), ignores {@code Retry-After}, and waits at least 15 seconds before each
 * retry with no way to configure it. The retry test therefore waits real time, once, with all its
 * faults in flight together.
 */
class AnalyticsJavaTest {

  private static final String LIBRARY_VERSION = "3.5.4";

  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.create(
          cfg -> {
            cfg.sync.enabled = false;
            cfg.segment.sourceWriteKeys.add(WK);
          });

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Message> succeeded = new CopyOnWriteArrayList<>();
  private final List<Message> failed = new CopyOnWriteArrayList<>();
  private final ExecutorService network = Executors.newFixedThreadPool(4);
  private Analytics analytics;

  private static FakeSegment segment() {
    return EMULATOR.emulator().segment();
  }

  /** Records every request the library sends, after its own interceptors added headers. */
  private final Interceptor recorder =
      chain -> {
        requests.add(chain.request());
        return chain.proceed(chain.request());
      };

  private Analytics.Builder builder() {
    return Analytics.builder(WK)
        .endpoint(EMULATOR.baseUri().toString())
        .client(new OkHttpClient.Builder().addNetworkInterceptor(recorder).build())
        .networkExecutor(network)
        .callback(
            new Callback() {
              @Override
              public void success(Message message) {
                succeeded.add(message);
              }

              @Override
              public void failure(Message message, Throwable throwable) {
                failed.add(message);
              }
            });
  }

  @AfterEach
  void shutDown() throws InterruptedException {
    if (analytics != null) {
      analytics.shutdown();
    }
    network.shutdownNow();
    network.awaitTermination(5, TimeUnit.SECONDS);
  }

  private static IdentifyMessage.Builder identify(String userId) {
    return IdentifyMessage.builder()
        .userId(userId)
        .traits(Map.of("[Amplitude] Power Users (12345)", true));
  }

  private static JsonNode body(Request request) throws IOException {
    Buffer buffer = new Buffer();
    request.body().writeTo(buffer);
    return Json.MAPPER.readTree(buffer.readByteArray());
  }

  @Test
  void identifyCallsArriveAndAreListed() {
    analytics = builder().build();
    analytics.enqueue(identify("amp-1"));
    analytics.enqueue(identify("amp-2"));
    analytics.enqueue(identify("amp-3"));
    analytics.flush();

    WaitResult arrived =
        segment().awaitEvents(EventQuery.all().withType("identify"), 3, Duration.ofSeconds(30));

    assertThat(arrived.timedOut()).isFalse();
    assertThat(arrived.events())
        .extracting(StoredEvent::userId)
        .containsExactlyInAnyOrder("amp-1", "amp-2", "amp-3");
    StoredEvent first = arrived.events().get(0);
    assertThat(first.writeKey()).isEqualTo(WK);
    assertThat(first.route()).isEqualTo("/v1/import/");
    assertThat(first.message().at("/traits/[Amplitude] Power Users (12345)").asBoolean()).isTrue();
    assertThat(first.message().at("/context/library/name").asText()).isEqualTo("analytics-java");
    assertThat(first.message().has("writeKey")).isFalse();
  }

  @Test
  void requestHasTheLibrarysShape() throws IOException {
    analytics = builder().build();
    analytics.enqueue(identify("amp-1"));
    analytics.flush();
    await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.size() == 1);

    Request request = requests.get(0);
    assertThat(request.url().encodedPath()).isEqualTo("/v1/import/");
    assertThat(request.header("User-Agent")).isEqualTo("analytics-java/" + LIBRARY_VERSION);
    // 3.5.5 adds Basic auth; 3.5.4 relies on the body's writeKey alone.
    assertThat(request.header("Authorization")).isNull();
    JsonNode envelope = body(request);
    assertThat(envelope.get("writeKey").asText()).isEqualTo(WK);
    assertThat(envelope.get("sentAt").asText()).isNotBlank();
    assertThat(envelope.get("sequence").isInt()).isTrue();
    assertThat(envelope.at("/context/library/name").asText()).isEqualTo("analytics-java");
    assertThat(envelope.at("/context/library/version").asText()).isEqualTo(LIBRARY_VERSION);
  }

  @Test
  void flushOf250IdentifiesIsOneRequest() {
    analytics = builder().build();
    for (int i = 0; i < 250; i++) {
      analytics.enqueue(identify("bulk-" + i));
    }
    analytics.flush();

    WaitResult arrived = segment().awaitEvents(EventQuery.all(), 250, Duration.ofSeconds(30));

    assertThat(arrived.timedOut()).isFalse();
    assertThat(requests).hasSize(1);
    assertThat(segment().stats().requests()).isEqualTo(1);
    assertThat(segment().countEvents(EventQuery.all())).isEqualTo(250);
  }

  @Test
  void badRequestIsNotRetried() {
    segment().injectFault(SegmentFault.of(400, 1));
    analytics = builder().build();
    analytics.enqueue(identify("rejected-1"));
    analytics.enqueue(identify("rejected-2"));
    analytics.flush();

    await().atMost(Duration.ofSeconds(30)).until(() -> failed.size() == 2);

    assertThat(requests).hasSize(1);
    assertThat(succeeded).isEmpty();
    assertThat(segment().countEvents(EventQuery.all())).isZero();
  }

  @Test
  void status460IsNotRetriedBy354() {
    // 3.5.5 treats 460 as retryable; 3.5.4 retries only 429 and 5xx, so it gives up at once.
    segment().injectFault(SegmentFault.of(460, 1));
    analytics = builder().build();
    analytics.enqueue(identify("gone-1"));
    analytics.flush();

    await().atMost(Duration.ofSeconds(30)).until(() -> failed.size() == 1);

    assertThat(requests).hasSize(1);
    assertThat(segment().countEvents(EventQuery.all())).isZero();
  }

  @Test
  void retriesAfterFaultsWithoutStoringAnyEventTwice() {
    // Four batches of five go out at once on four network threads; each meets one fault:
    // a 429, a 503 answered after storing (a lost acknowledgement), a 501 and a 200 with an
    // empty body after storing, which the library cannot parse and so retries. 3.5.4 retries
    // all four after 15 to 30 seconds; dedupe must drop the resent copies of the stored ones.
    segment().injectFault(new SegmentFault(429, 1, 2, false, null));
    segment().injectFault(new SegmentFault(503, 1, null, true, null));
    segment().injectFault(new SegmentFault(501, 1, null, false, null));
    segment().injectFault(new SegmentFault(200, 1, null, true, ""));
    analytics = builder().flushQueueSize(5).build();
    for (int i = 0; i < 20; i++) {
      analytics.enqueue(identify("retry-" + i).messageId("retry-message-" + i));
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> succeeded.size() == 20);

    SegmentStats stats = segment().stats();
    assertThat(requests).hasSize(8);
    assertThat(stats.faultResponses()).isEqualTo(4);
    assertThat(segment().countEvents(EventQuery.all())).isEqualTo(20);
    assertThat(segment().events(EventQuery.all()).events())
        .extracting(StoredEvent::messageId)
        .doesNotHaveDuplicates();
    assertThat(stats.rejectedByReason()).containsEntry("duplicate_message_id", 10L);
  }
}
