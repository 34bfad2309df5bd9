package dev.cohortsync.contract.segment;

import static dev.cohortsync.contract.segment.Tracking.WK;
import static dev.cohortsync.contract.segment.Tracking.WK2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.FakeSegment;
import dev.cohortsync.emulator.segment.RejectedMessage;
import dev.cohortsync.emulator.segment.RejectionReason;
import dev.cohortsync.emulator.segment.StoredEvent;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.junit5.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake Segment against Segment's public HTTP Tracking API contract, with the default settings:
 * lenient validation, unknown write keys dropped, no rate limit.
 */
class TrackingApiContractTest {

  private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.create(
          cfg -> {
            cfg.sync.enabled = false;
            cfg.clock = VirtualClock.frozenAt(START);
            cfg.segment.sourceWriteKeys.add(WK);
            cfg.segment.sourceWriteKeys.add(WK2);
          });

  private static FakeSegment segment() {
    return EMULATOR.emulator().segment();
  }

  private static List<StoredEvent> stored() {
    return segment().events(EventQuery.all().withLimit(1_000)).events();
  }

  private static List<RejectedMessage> rejected() {
    return segment().rejected(EventQuery.all().withLimit(1_000)).rejected();
  }

  private static String receivedAtNow() {
    return EMULATOR.emulator().clock().instant().toString().replace("Z", ".000Z");
  }

  @Nested
  class RoutingAndAuth {

    @Test
    void identifyWithBasicAuthIsRecordedWithServerFields() {
      String body =
          Tracking.basic(EMULATOR, WK)
              .body("{\"userId\":\"u1\",\"traits\":{\"a\":true}}")
              .post("/v1/identify")
              .then()
              .statusCode(200)
              .extract()
              .asString();

      assertThat(body).isEqualTo("{\"success\":true}");
      StoredEvent event = stored().get(0);
      assertThat(stored()).hasSize(1);
      assertThat(event.type()).isEqualTo("identify");
      assertThat(event.writeKey()).isEqualTo(WK);
      assertThat(event.message().get("receivedAt").asText()).isEqualTo(receivedAtNow());
      assertThat(event.message().get("messageId").asText()).isNotBlank();
      assertThat(event.message().at("/traits/a").asBoolean()).isTrue();
    }

    @Test
    void bodyWriteKeyWithoutAuthHeaderIsRecordedUnderThatKey() {
      Tracking.request(EMULATOR)
          .body("{\"writeKey\":\"" + WK + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200)
          .body("success", equalTo(true));

      assertThat(stored()).extracting(StoredEvent::writeKey).containsExactly(WK);
    }

    @ParameterizedTest
    @CsvSource({
      "/v1/track, track, '{\"userId\":\"u1\",\"event\":\"Signed Up\"}'",
      "/v1/page, page, '{\"userId\":\"u1\"}'",
      "/v1/screen, screen, '{\"userId\":\"u1\"}'",
      "/v1/group, group, '{\"userId\":\"u1\",\"groupId\":\"g1\"}'",
      "/v1/alias, alias, '{\"userId\":\"u1\",\"previousId\":\"a1\"}'",
      // a body type that disagrees with the route loses
      "/v1/track, track, '{\"type\":\"page\",\"userId\":\"u1\",\"event\":\"E\"}'"
    })
    void singleRouteRecordsItsOwnType(String path, String type, String body) {
      Tracking.basic(EMULATOR, WK).body(body).post(path).then().statusCode(200);

      assertThat(stored()).extracting(StoredEvent::type).containsExactly(type);
      assertThat(stored().get(0).message().get("type").asText()).isEqualTo(type);
    }

    @Test
    void batchRecordsThreeIdentifiesInOrder() {
      String body =
          "{\"writeKey\":\""
              + WK
              + "\",\"batch\":["
              + "{\"type\":\"identify\",\"userId\":\"b1\"},"
              + "{\"type\":\"identify\",\"userId\":\"b2\"},"
              + "{\"type\":\"identify\",\"userId\":\"b3\"}]}";

      Tracking.request(EMULATOR).body(body).post("/v1/batch").then().statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("b1", "b2", "b3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/import/", "/v1/import"})
    void importRoutesBehaveLikeBatch(String path) {
      String body =
          "{\"writeKey\":\""
              + WK
              + "\",\"batch\":["
              + "{\"type\":\"identify\",\"userId\":\"i1\"},{\"type\":\"track\",\"userId\":\"i2\",\"event\":\"E\"}]}";

      Tracking.request(EMULATOR)
          .body(body)
          .post(path)
          .then()
          .statusCode(200)
          .body("success", equalTo(true));

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("i1", "i2");
      assertThat(stored()).extracting(StoredEvent::route).containsOnly(path);
    }

    @Test
    void unknownWellFormedKeyGets200AndIsDroppedAndCounted() {
      String unknown = "UNKNOWNkey0123456789abcdefghijkl";

      String body =
          Tracking.basic(EMULATOR, unknown)
              .body("{\"userId\":\"u1\"}")
              .post("/v1/identify")
              .then()
              .statusCode(200)
              .extract()
              .asString();

      assertThat(body).isEqualTo("{\"success\":true}");
      assertThat(stored()).isEmpty();
      assertThat(segment().stats().rejectedByReason()).containsEntry("unknown_write_key", 1L);
    }

    @Test
    void noKeyInHeaderOrBodyIs400() {
      Tracking.request(EMULATOR)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("missing_write_key"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void bearerTokenPlusBodyWriteKeyIsAccepted() {
      Tracking.request(EMULATOR)
          .header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig")
          .body("{\"writeKey\":\"" + WK + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::writeKey).containsExactly(WK);
    }
  }

  @Nested
  class EncodingAndSize {

    @Test
    void gzipBatchIsDecodedAndRecorded() {
      byte[] body =
          Tracking.gzip(
              "{\"writeKey\":\""
                  + WK
                  + "\",\"batch\":["
                  + "{\"type\":\"identify\",\"userId\":\"g1\"},{\"type\":\"identify\",\"userId\":\"g2\"}]}");

      Tracking.request(EMULATOR)
          .header("Content-Encoding", "gzip")
          .body(body)
          .post("/v1/batch")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("g1", "g2");
    }

    @Test
    void truncatedJsonIs400AndNothingIsRecorded() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid_json"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void identifyOf32769BytesIs400() {
      Tracking.basic(EMULATOR, WK)
          .body(Tracking.identifyOfSize(32_769))
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("payload_too_large"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void identifyOf32000BytesIsAccepted() {
      Tracking.basic(EMULATOR, WK)
          .body(Tracking.identifyOfSize(32_000))
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored()).hasSize(1);
    }

    @Test
    void batchOver512000BytesIs400AndNothingIsRecorded() {
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < 20; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"type\":\"identify\",\"userId\":\"u")
            .append(i)
            .append("\",\"traits\":{\"pad\":\"")
            .append("y".repeat(26_000))
            .append("\"}}");
      }
      body.append("]}");
      assertThat(body.length()).isGreaterThan(512_000);

      Tracking.basic(EMULATOR, WK)
          .body(body.toString())
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("payload_too_large"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void batchWithOneItemOver32KbIs400() {
      String body =
          "{\"batch\":[{\"type\":\"identify\",\"userId\":\"ok\"},"
              + "{\"type\":\"identify\",\"userId\":\"big\",\"traits\":{\"pad\":\""
              + "z".repeat(33_000)
              + "\"}}]}";
      assertThat(body.length()).isLessThan(512_000);

      Tracking.basic(EMULATOR, WK)
          .body(body)
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("message_too_large"));

      assertThat(stored()).isEmpty();
    }
  }

  @Nested
  class Validation {

    private void assertDroppedWith(RejectionReason reason) {
      assertThat(stored()).isEmpty();
      assertThat(rejected()).extracting(RejectedMessage::reason).containsExactly(reason);
    }

    @Test
    void identifyWithoutUserIdOrAnonymousIdIsDropped() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"traits\":{\"a\":true}}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertDroppedWith(RejectionReason.NO_USER_ANON_ID);
    }

    @Test
    void identifyWithStringTraitsIsDropped() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"traits\":\"x\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertDroppedWith(RejectionReason.TRAITS_NOT_OBJECT);
    }

    @Test
    void trackWithoutEventIsDropped() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/track")
          .then()
          .statusCode(200);

      assertDroppedWith(RejectionReason.EVENT_NOT_DEFINED);
    }

    @Test
    void trackWithNumericEventIsDropped() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"event\":5}")
          .post("/v1/track")
          .then()
          .statusCode(200);

      assertDroppedWith(RejectionReason.EVENT_NOT_STRING);
    }

    @Test
    void batchKeepsTheValidItemAndDropsTheInvalidOne() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"batch\":[{\"type\":\"identify\",\"userId\":\"good\"},{\"type\":\"identify\"}]}")
          .post("/v1/batch")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("good");
      assertThat(rejected())
          .extracting(RejectedMessage::index, RejectedMessage::reason)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1, RejectionReason.NO_USER_ANON_ID));
    }

    @Test
    void batchItemWithoutTypeIsDroppedAndOthersKept() {
      Tracking.basic(EMULATOR, WK)
          .body(
              "{\"batch\":[{\"userId\":\"typeless\"},{\"type\":\"identify\",\"userId\":\"typed\"}]}")
          .post("/v1/batch")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("typed");
      assertThat(rejected())
          .extracting(RejectedMessage::reason)
          .containsExactly(RejectionReason.TYPE_NOT_DEFINED);
    }
  }

  @Nested
  class TimestampsAndIds {

    @Test
    void withoutTimestampOrSentAtTimestampIsServerTime() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      ObjectNode message = stored().get(0).message();
      assertThat(message.get("timestamp").asText()).isEqualTo(receivedAtNow());
      assertThat(message.get("timestamp").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void timestampIsShiftedBySentAtMinusTimestamp() {
      Instant received = EMULATOR.emulator().clock().instant();
      Instant t = received.minus(Duration.ofDays(3));
      Instant sentAt = t.plusSeconds(10);

      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"timestamp\":\"" + t + "\",\"sentAt\":\"" + sentAt + "\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      ObjectNode message = stored().get(0).message();
      assertThat(message.get("originalTimestamp").asText()).isEqualTo(t.toString());
      assertThat(Instant.parse(message.get("timestamp").asText()))
          .isEqualTo(received.minusSeconds(10));
    }

    @Test
    void missingMessageIdIsAssignedUniquely() {
      for (int i = 0; i < 2; i++) {
        Tracking.basic(EMULATOR, WK)
            .body("{\"userId\":\"same\"}")
            .post("/v1/identify")
            .then()
            .statusCode(200);
      }

      assertThat(stored())
          .extracting(StoredEvent::messageId)
          .doesNotHaveDuplicates()
          .hasSize(2)
          .allSatisfy(id -> assertThat(id).isNotBlank());
    }

    @Test
    void sameMessageIdTwiceAcrossKeysIsStoredOnce() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"messageId\":\"dup-1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200)
          .body("success", equalTo(true));
      Tracking.basic(EMULATOR, WK2)
          .body("{\"userId\":\"u1\",\"messageId\":\"dup-1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200)
          .body("success", equalTo(true));

      assertThat(stored()).extracting(StoredEvent::writeKey).containsExactly(WK);
      assertThat(rejected())
          .extracting(RejectedMessage::reason)
          .containsExactly(RejectionReason.DUPLICATE_MESSAGE_ID);
    }

    @Test
    void sameMessageIdAfter24HoursIsStoredAgain() {
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"messageId\":\"dup-2\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);
      EMULATOR.emulator().clock().advance(Duration.ofHours(24));
      Tracking.basic(EMULATOR, WK)
          .body("{\"userId\":\"u1\",\"messageId\":\"dup-2\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored()).hasSize(2);
    }
  }
}
