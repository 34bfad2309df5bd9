package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeTest {

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

  private static void send(String writeKey, String messageId) {
    server
        .withKey(writeKey)
        .body("{\"userId\":\"u1\",\"messageId\":\"" + messageId + "\"}")
        .post("/v1/identify")
        .then()
        .statusCode(200)
        .body("success", equalTo(true));
  }

  @Test
  void secondCopyIsDroppedAndListed() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    send(SegmentTestServer.WRITE_KEY, "m-1");

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
    assertThat(server.segment().rejected(EventQuery.all()).rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.reason()).isEqualTo(RejectionReason.DUPLICATE_MESSAGE_ID);
              assertThat(rejected.messageId()).isEqualTo("m-1");
            });
  }

  @Test
  void dedupeSpansWriteKeys() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    send(SegmentTestServer.OTHER_KEY, "m-1");

    assertThat(server.segment().events(EventQuery.all()).events())
        .extracting(StoredEvent::writeKey)
        .containsExactly(SegmentTestServer.WRITE_KEY);
  }

  @Test
  void duplicateInsideOneBatchIsDropped() {
    server
        .withKey()
        .body(
            "{\"batch\":[{\"type\":\"identify\",\"userId\":\"a\",\"messageId\":\"m\"},"
                + "{\"type\":\"identify\",\"userId\":\"b\",\"messageId\":\"m\"}]}")
        .post("/v1/batch")
        .then()
        .statusCode(200);

    assertThat(server.segment().events(EventQuery.all()).events())
        .extracting(StoredEvent::userId)
        .containsExactly("a");
  }

  @Test
  void copyWithinTheWindowIsDropped() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    server.clock().advance(Duration.ofHours(23).plusMinutes(59));
    send(SegmentTestServer.WRITE_KEY, "m-1");

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
  }

  @Test
  void copyAfterTheWindowIsStored() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    server.clock().advance(Duration.ofHours(24));
    send(SegmentTestServer.WRITE_KEY, "m-1");

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(2);
  }

  @Test
  void invalidMessageDoesNotClaimItsMessageId() {
    server.withKey().body("{\"messageId\":\"m-1\"}").post("/v1/identify").then().statusCode(200);
    send(SegmentTestServer.WRITE_KEY, "m-1");

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
  }

  @Test
  void resettingOneKeyForgetsItsMessageIds() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    server.segment().reset(SegmentTestServer.WRITE_KEY);
    send(SegmentTestServer.WRITE_KEY, "m-1");

    assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
    assertThat(server.segment().rejected(EventQuery.all()).rejected()).isEmpty();
  }

  @Test
  void statsCountRememberedMessageIds() {
    send(SegmentTestServer.WRITE_KEY, "m-1");
    send(SegmentTestServer.WRITE_KEY, "m-2");

    assertThat(server.segment().stats().dedupeEntries()).isEqualTo(2);
  }
}
