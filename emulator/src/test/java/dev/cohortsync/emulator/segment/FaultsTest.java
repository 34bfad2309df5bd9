package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static SegmentTestServer server;

  @BeforeAll
  static void start() {
    server = SegmentTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private int send(String messageId) {
    return server
        .withKey()
        .body("{\"userId\":\"u1\",\"messageId\":\"" + messageId + "\"}")
        .post("/v1/identify")
        .statusCode();
  }

  @Test
  void faultAnswersTheNextRequestsThenClears() {
    server
        .request()
        .body("{\"status\":503,\"count\":2}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(201)
        .body("faults", hasSize(1))
        .body("faults[0].count", equalTo(2));

    assertThat(send("a")).isEqualTo(503);
    assertThat(send("b")).isEqualTo(503);
    assertThat(send("c")).isEqualTo(200);
    assertThat(server.segment().events(EventQuery.all()).events())
        .extracting(StoredEvent::messageId)
        .containsExactly("c");
    assertThat(server.segment().stats().faultResponses()).isEqualTo(2);
  }

  @Test
  void faultCarriesRetryAfter() {
    server.segment().injectFault(new SegmentFault(429, 1, 3, false, null));

    server
        .withKey()
        .body("{\"userId\":\"u1\"}")
        .post("/v1/identify")
        .then()
        .statusCode(429)
        .header("Retry-After", "3")
        .header("X-RateLimit-Reset", "3")
        .body("code", equalTo("injected_fault"));
  }

  @Test
  void faultAfterStoreKeepsTheEvents() {
    server.segment().injectFault(new SegmentFault(503, 1, null, true, null));

    assertThat(send("lost-ack")).isEqualTo(503);
    assertThat(send("lost-ack")).isEqualTo(200);

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
    assertThat(server.segment().stats().rejectedByReason())
        .containsEntry("duplicate_message_id", 1L);
  }

  @Test
  void faultWithCustomBody() {
    server.segment().injectFault(new SegmentFault(200, 1, null, false, ""));

    server
        .withKey()
        .body("{\"userId\":\"u1\"}")
        .post("/v1/identify")
        .then()
        .statusCode(200)
        .body(equalTo(""));
  }

  @Test
  void faultsQueueInOrder() {
    server.segment().injectFault(SegmentFault.of(429, 1));
    server.segment().injectFault(SegmentFault.of(500, 1));

    assertThat(send("a")).isEqualTo(429);
    assertThat(send("b")).isEqualTo(500);
    assertThat(send("c")).isEqualTo(200);
  }

  @Test
  void listAndClearFaults() {
    server.segment().injectFault(SegmentFault.of(500, 3));

    server
        .request()
        .get("/_emulator/segment/faults")
        .then()
        .statusCode(200)
        .body("faults[0].status", equalTo(500));
    server
        .request()
        .delete("/_emulator/segment/faults")
        .then()
        .statusCode(200)
        .body("cleared", equalTo(1));

    assertThat(send("a")).isEqualTo(200);
  }

  @Test
  void invalidFaultIs400() {
    server
        .request()
        .body("{\"status\":99}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(400)
        .body("error.message", org.hamcrest.Matchers.containsString("200 to 599"));
    server
        .request()
        .body("{\"count\":1}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(400)
        .body("error.field", equalTo("status"));
    server
        .request()
        .body("{\"status\":500,\"delay\":3}")
        .post("/_emulator/segment/faults")
        .then()
        .statusCode(400)
        .body("error.field", equalTo("delay"));

    assertThat(server.segment().faults()).isEmpty();
  }
}
