package dev.cohortsync.contract.segment;

import static dev.cohortsync.contract.segment.Tracking.WK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.junit5.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Throttling and injected faults as an HTTP client sees them; how analytics-java reacts to the same
 * answers is in {@link AnalyticsJavaTest}.
 */
class RateLimitAndFaultsContractTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.create(
          cfg -> {
            cfg.sync.enabled = false;
            cfg.clock = VirtualClock.frozenAt(Instant.parse("2026-01-05T10:00:00Z"));
            cfg.segment.sourceWriteKeys.add(WK);
            cfg.segment.rateLimitRequestsPerSecond = 0.5;
            cfg.segment.rateLimitBurst = 1;
          });

  private static int identify(String messageId) {
    return Tracking.basic(EMULATOR, WK)
        .body("{\"userId\":\"u1\",\"messageId\":\"" + messageId + "\"}")
        .post("/v1/identify")
        .statusCode();
  }

  @Test
  void throttledRequestGets429WithRetryAfterAndRateLimitReset() {
    assertThat(identify("first")).isEqualTo(200);

    Tracking.basic(EMULATOR, WK)
        .body("{\"userId\":\"u1\",\"messageId\":\"second\"}")
        .post("/v1/identify")
        .then()
        .statusCode(429)
        .header("Retry-After", "2")
        .header("X-RateLimit-Reset", "2");

    EMULATOR.emulator().clock().advance(Duration.ofSeconds(2));
    assertThat(identify("second")).isEqualTo(200);
    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {503, 501, 400, 460, 429})
  void injectedStatusAnswersOneRequestAndStoresNothing(int status) {
    EMULATOR.emulator().clock().advance(Duration.ofSeconds(10));
    Tracking.request(EMULATOR)
        .body("{\"status\":" + status + ",\"retryAfter\":2}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(201);

    Tracking.basic(EMULATOR, WK)
        .body("{\"userId\":\"u1\",\"messageId\":\"f\"}")
        .post("/v1/identify")
        .then()
        .statusCode(status)
        .header("Retry-After", "2")
        .body("code", equalTo("injected_fault"));

    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isZero();
    assertThat(identify("after-fault")).isEqualTo(200);
  }

  @Test
  void injected200WithEmptyBodyStillStoresWhenAfterStore() {
    Tracking.request(EMULATOR)
        .body("{\"status\":200,\"body\":\"\",\"afterStore\":true}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(201);

    String body =
        Tracking.basic(EMULATOR, WK)
            .body("{\"userId\":\"u1\"}")
            .post("/v1/identify")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(body).isEmpty();
    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isEqualTo(1);
  }
}
