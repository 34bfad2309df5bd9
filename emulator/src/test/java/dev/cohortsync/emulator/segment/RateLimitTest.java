package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private SegmentTestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private int send(String writeKey) {
    return server.withKey(writeKey).body("{\"userId\":\"u1\"}").post("/v1/identify").statusCode();
  }

  @Test
  void offByDefault() {
    server = SegmentTestServer.start();

    for (int i = 0; i < 20; i++) {
      assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
    }
  }

  @Test
  void requestOverTheBurstGets429WithRetryHeaders() {
    server =
        SegmentTestServer.start(
            settings -> {
              settings.rateLimitRequestsPerSecond = 0.5;
              settings.rateLimitBurst = 2;
            });

    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
    server
        .withKey()
        .body("{\"userId\":\"u1\",\"messageId\":\"limited\"}")
        .post("/v1/identify")
        .then()
        .statusCode(429)
        .header("Retry-After", "2")
        .header("X-RateLimit-Reset", "2")
        .body("code", equalTo("rate_limited"));

    assertThat(server.segment().countEvents(EventQuery.all().withMessageId("limited"))).isZero();
    assertThat(server.segment().stats().rateLimitedRequests()).isEqualTo(1);
  }

  @Test
  void bucketRefillsOnTheVirtualClock() {
    server = SegmentTestServer.start(settings -> settings.rateLimitRequestsPerSecond = 1);

    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(429);
    server.clock().advance(Duration.ofSeconds(1));
    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
  }

  @Test
  void keysHaveSeparateBuckets() {
    server = SegmentTestServer.start(settings -> settings.rateLimitRequestsPerSecond = 1);

    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(200);
    assertThat(send(SegmentTestServer.OTHER_KEY)).isEqualTo(200);
    assertThat(send(SegmentTestServer.WRITE_KEY)).isEqualTo(429);
  }
}
