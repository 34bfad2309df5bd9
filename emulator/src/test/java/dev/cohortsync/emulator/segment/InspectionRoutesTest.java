package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.http.Json;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InspectionRoutesTest {

  private static final String EVENTS = "/_emulator/segment/events";

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

  private static void identify(String writeKey, String userId, String traits) {
    server
        .withKey(writeKey)
        .body("{\"userId\":\"" + userId + "\",\"traits\":" + traits + "}")
        .post("/v1/identify")
        .then()
        .statusCode(200);
  }

  private static void track(String userId, String event) {
    server
        .withKey()
        .body("{\"userId\":\"" + userId + "\",\"event\":\"" + event + "\"}")
        .post("/v1/track")
        .then()
        .statusCode(200);
  }

  private static List<String> userIds(String query) {
    return server
        .request()
        .get(EVENTS + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("events.userId", String.class);
  }

  @Nested
  class Filters {

    @BeforeEach
    void seed() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{\"[Amplitude] Power Users (12345)\":true}");
      identify(SegmentTestServer.WRITE_KEY, "u2", "{\"[Amplitude] Power Users (12345)\":false}");
      identify(SegmentTestServer.OTHER_KEY, "u3", "{\"plan\":\"pro\",\"seats\":5}");
      track("u1", "Signed Up");
      server
          .withKey()
          .body("{\"anonymousId\":\"anon-9\",\"event\":\"Viewed\"}")
          .post("/v1/track")
          .then()
          .statusCode(200);
    }

    @Test
    void byType() {
      assertThat(userIds("?type=identify")).containsExactly("u1", "u2", "u3");
    }

    @Test
    void byUserId() {
      assertThat(userIds("?userId=u1")).containsExactly("u1", "u1");
    }

    @Test
    void byAnonymousId() {
      server
          .request()
          .get(EVENTS + "?anonymousId=anon-9")
          .then()
          .statusCode(200)
          .body("events", hasSize(1))
          .body("events[0].anonymousId", equalTo("anon-9"));
    }

    @Test
    void byWriteKey() {
      assertThat(userIds("?writeKey=" + SegmentTestServer.OTHER_KEY)).containsExactly("u3");
    }

    @Test
    void byUnknownWriteKeyMatchesNothing() {
      assertThat(userIds("?writeKey=nobody")).isEmpty();
    }

    @Test
    void byEvent() {
      assertThat(userIds("?event=Signed Up")).containsExactly("u1");
    }

    @Test
    void byMessageId() {
      String messageId = server.segment().events(EventQuery.all()).events().get(1).messageId();

      assertThat(userIds("?messageId=" + messageId)).containsExactly("u2");
    }

    @Test
    void byTraitKey() {
      assertThat(userIds("?trait=[Amplitude] Power Users (12345)")).containsExactly("u1", "u2");
    }

    @Test
    void byTraitValue() {
      assertThat(userIds("?trait=[Amplitude] Power Users (12345)&traitValue=true"))
          .containsExactly("u1");
      assertThat(userIds("?trait=seats&traitValue=5")).containsExactly("u3");
      assertThat(userIds("?trait=plan&traitValue=pro")).containsExactly("u3");
    }

    @Test
    void combinedFiltersMustAllMatch() {
      assertThat(userIds("?type=track&userId=u1")).containsExactly("u1");
      assertThat(userIds("?type=identify&writeKey=" + SegmentTestServer.OTHER_KEY + "&userId=u1"))
          .isEmpty();
    }

    @Test
    void viewMasksTheWriteKey() {
      server
          .request()
          .get(EVENTS + "?userId=u2")
          .then()
          .statusCode(200)
          .body("total", equalTo(1))
          .body("events[0].writeKey", equalTo("wk-t\u2026"))
          .body("events[0].route", equalTo("/v1/identify"))
          .body("events[0].type", equalTo("identify"))
          .body("events[0].message.traits.'[Amplitude] Power Users (12345)'", equalTo(false));
    }

    @Test
    void countRoute() {
      server
          .request()
          .get(EVENTS + "/count?type=identify")
          .then()
          .statusCode(200)
          .body("count", equalTo(3));
    }
  }

  @Nested
  class TimeRange {

    @Test
    void fromIsInclusiveAndToExclusive() {
      identify(SegmentTestServer.WRITE_KEY, "at-start", "{}");
      server.clock().advance(Duration.ofMinutes(1));
      identify(SegmentTestServer.WRITE_KEY, "one-minute", "{}");
      server.clock().advance(Duration.ofMinutes(1));
      identify(SegmentTestServer.WRITE_KEY, "two-minutes", "{}");
      Instant start = SegmentTestServer.START;

      assertThat(userIds("?from=" + start.plusSeconds(60)))
          .containsExactly("one-minute", "two-minutes");
      assertThat(userIds("?to=" + start.plusSeconds(60))).containsExactly("at-start");
      assertThat(userIds("?from=" + start + "&to=" + start.plusSeconds(120)))
          .containsExactly("at-start", "one-minute");
    }
  }

  @Nested
  class Paging {

    @Test
    void cursorWalksEveryEventOnce() {
      for (int i = 0; i < 7; i++) {
        identify(SegmentTestServer.WRITE_KEY, "u" + i, "{}");
      }

      JsonPath first =
          server.request().get(EVENTS + "?limit=3").then().statusCode(200).extract().jsonPath();
      assertThat(first.getList("events.userId", String.class)).containsExactly("u0", "u1", "u2");
      assertThat(first.getInt("total")).isEqualTo(7);
      long next = first.getLong("nextAfter");

      JsonPath second =
          server.request().get(EVENTS + "?limit=3&after=" + next).then().extract().jsonPath();
      assertThat(second.getList("events.userId", String.class)).containsExactly("u3", "u4", "u5");
      JsonPath third =
          server
              .request()
              .get(EVENTS + "?limit=3&after=" + second.getLong("nextAfter"))
              .then()
              .extract()
              .jsonPath();
      assertThat(third.getList("events.userId", String.class)).containsExactly("u6");
      assertThat(third.get("nextAfter") == null).isTrue();
    }

    @Test
    void defaultLimitIs100() {
      server.withKey().body(ValidationTest.batchOf(150)).post("/v1/batch").then().statusCode(200);

      server
          .request()
          .get(EVENTS)
          .then()
          .statusCode(200)
          .body("events", hasSize(100))
          .body("total", equalTo(150));
    }

    @Test
    void lastPageHasNoCursor() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      server.request().get(EVENTS).then().statusCode(200).body("nextAfter", nullValue());
    }
  }

  /** An invalid query string and the parameter the 400 must name. */
  record BadFilter(String query, String field) {}

  static Stream<BadFilter> badFilters() {
    return Stream.of(
        new BadFilter("?type=Identify", "type"), // types are lower-case
        new BadFilter("?limit=0", "limit"), // below the minimum
        new BadFilter("?limit=1001", "limit"), // above the maximum
        new BadFilter("?limit=ten", "limit"), // not a number
        new BadFilter("?after=-1", "after"), // cursors are positive
        new BadFilter("?from=yesterday", "from"), // not ISO-8601
        new BadFilter("?from=2026-01-05T10:00:00", "from"), // no offset
        new BadFilter("?from=2026-01-05T10:00:00Z&to=2026-01-05T09:00:00Z", "to"), // to before from
        new BadFilter("?traitValue=true", "traitValue"), // value without a trait key
        new BadFilter("?userid=u1", "userid"), // misspelt parameter
        new BadFilter("?userId=", "userId"), // empty value
        new BadFilter("?userId=a&userId=b", "userId")); // given twice
  }

  @ParameterizedTest
  @MethodSource("badFilters")
  void invalidFilterIs400NamingTheParameter(BadFilter bad) {
    SegmentTestServer.Reply reply = server.get(EVENTS + bad.query());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("error.code")).isEqualTo("invalid_request");
    assertThat(reply.json().getString("error.field")).isEqualTo(bad.field());
    assertThat(reply.json().getString("error.fix")).isNotBlank();
  }

  @Nested
  class Rejected {

    @Test
    void filtersByReasonAndUserId() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"traits\":1}")
          .post("/v1/identify")
          .then()
          .statusCode(200);
      server.withKey().body("{\"traits\":{}}").post("/v1/identify").then().statusCode(200);

      server
          .request()
          .get("/_emulator/segment/rejected?reason=traits_not_object")
          .then()
          .statusCode(200)
          .body("total", equalTo(1))
          .body("rejected[0].userId", equalTo("u1"))
          .body("rejected[0].reason", equalTo("traits_not_object"))
          .body("rejected[0].writeKey", equalTo("wk-t\u2026"))
          .body("rejected[0].route", equalTo("/v1/identify"))
          .body("rejected[0].field", equalTo("traits"))
          .body("rejected[0].value", equalTo("1"));
      server
          .request()
          .get("/_emulator/segment/rejected?userId=u1&type=identify")
          .then()
          .body("total", equalTo(0));
    }

    @Test
    void traitFilterIs400() {
      SegmentTestServer.Reply reply = server.get("/_emulator/segment/rejected?trait=a");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().getString("error.field")).isEqualTo("trait");
    }

    @Test
    void unknownReasonIs400() {
      SegmentTestServer.Reply reply = server.get("/_emulator/segment/rejected?reason=nope");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().getString("error.field")).isEqualTo("reason");
    }
  }

  @Nested
  class Wait {

    @Test
    void returnsAtOnceWhenEnoughAreStored() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      server
          .request()
          .get(EVENTS + "/wait?count=1&userId=u1&timeout=PT30S")
          .then()
          .statusCode(200)
          .body("timedOut", equalTo(false))
          .body("matched", equalTo(1))
          .body("events[0].userId", equalTo("u1"));
    }

    @Test
    void isWokenByTheStore() {
      CompletableFuture<Response> waiting =
          CompletableFuture.supplyAsync(
              () -> server.request().get(EVENTS + "/wait?count=2&type=identify&timeout=PT60S"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> (Integer) server.segment().status().get("pendingWaits") == 1);

      track("u1", "Not An Identify");
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");
      identify(SegmentTestServer.WRITE_KEY, "u2", "{}");

      JsonPath result = waiting.join().then().statusCode(200).extract().jsonPath();
      assertThat(result.getBoolean("timedOut")).isFalse();
      assertThat(result.getList("events.userId", String.class)).containsExactly("u1", "u2");
    }

    @Test
    void timeoutAnswers200WithWhatItSaw() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      server
          .request()
          .get(EVENTS + "/wait?count=3&timeout=PT0.2S")
          .then()
          .statusCode(200)
          .body("timedOut", equalTo(true))
          .body("requested", equalTo(3))
          .body("matched", equalTo(1));
    }

    @Test
    void javaApiWaitsToo() {
      CompletableFuture<WaitResult> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  server
                      .segment()
                      .awaitEvents(EventQuery.all().withUserId("late"), 1, Duration.ofSeconds(60)));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> (Integer) server.segment().status().get("pendingWaits") == 1);

      identify(SegmentTestServer.WRITE_KEY, "late", "{}");

      WaitResult result = waiting.join();
      assertThat(result.timedOut()).isFalse();
      assertThat(result.events()).extracting(StoredEvent::userId).containsExactly("late");
    }

    @Test
    void countIsRequired() {
      SegmentTestServer.Reply reply = server.get(EVENTS + "/wait");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().getString("error.field")).isEqualTo("count");
    }

    @Test
    void timeoutOverTheMaximumIs400() {
      SegmentTestServer.Reply tooLong = server.get(EVENTS + "/wait?count=1&timeout=PT1H");
      SegmentTestServer.Reply notIso = server.get(EVENTS + "/wait?count=1&timeout=5s");

      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.json().getString("error.field")).isEqualTo("timeout");
      assertThat(notIso.status()).isEqualTo(400);
      assertThat(notIso.json().getString("error.field")).isEqualTo("timeout");
    }
  }

  @Nested
  class Export {

    @Test
    void ndjsonHasOneEventPerLine() throws Exception {
      server.withKey().body(ValidationTest.batchOf(1_500)).post("/v1/batch").then().statusCode(200);

      Response response = server.request().get("/_emulator/segment/events.ndjson?type=identify");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.contentType()).startsWith("application/x-ndjson");
      String[] lines = response.asString().split("\n");
      assertThat(lines).hasSize(1_500);
      JsonNode last = Json.MAPPER.readTree(lines[1_499]);
      assertThat(last.get("userId").asText()).isEqualTo("u1499");
      assertThat(last.at("/message/type").asText()).isEqualTo("identify");
    }

    @Test
    void ndjsonHonoursFiltersAndLimit() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");
      identify(SegmentTestServer.WRITE_KEY, "u2", "{}");
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      String body =
          server.request().get("/_emulator/segment/events.ndjson?userId=u1&limit=1").asString();

      assertThat(body.split("\n")).hasSize(1);
    }
  }

  @Nested
  class Reset {

    @Test
    void resetOneWriteKeyKeepsTheOthers() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");
      identify(SegmentTestServer.OTHER_KEY, "u2", "{}");

      server
          .request()
          .post("/_emulator/segment/reset?writeKey=" + SegmentTestServer.WRITE_KEY)
          .then()
          .statusCode(200)
          .body("removedEvents", equalTo(1))
          .body("writeKey", equalTo("wk-t\u2026"));

      assertThat(userIds("")).containsExactly("u2");
      assertThat(server.segment().sources()).contains(SegmentTestServer.WRITE_KEY);
    }

    @Test
    void resetEverything() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");
      server.withKey().body("{}").post("/v1/identify").then().statusCode(200);

      server
          .request()
          .post("/_emulator/segment/reset")
          .then()
          .statusCode(200)
          .body("reset", equalTo("all"));

      assertThat(server.segment().stats().storedEvents()).isZero();
      assertThat(server.segment().stats().rejectedMessages()).isZero();
    }

    @Test
    void coreResetReachesTheFake() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      server.request().post("/_emulator/reset?component=segment").then().statusCode(200);

      assertThat(server.segment().countEvents(EventQuery.all())).isZero();
    }
  }

  @Nested
  class StatsAndHealth {

    @Test
    void statsCountRequestsAndRejections() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");
      server.withKey().body("{}").post("/v1/identify").then().statusCode(200);

      server
          .request()
          .get("/_emulator/segment/stats")
          .then()
          .statusCode(200)
          .body("storedEvents", equalTo(1))
          .body("requests", equalTo(2))
          .body("rejectedMessages", equalTo(1))
          .body("rejectedByReason.no_user_anon_id", equalTo(1));
    }

    @Test
    void healthShowsTheSegmentStatus() {
      identify(SegmentTestServer.WRITE_KEY, "u1", "{}");

      server
          .request()
          .get("/_emulator/health")
          .then()
          .statusCode(200)
          .body("components.segment.storedEvents", equalTo(1))
          .body("components.segment.evictedEvents", equalTo(0))
          .body("components.segment.writeKeyMode", equalTo("DROP"));
    }

    @Test
    void openApiDocumentListsTheSegmentRoutes() {
      server
          .request()
          .get("/_emulator/openapi.json")
          .then()
          .statusCode(200)
          .body("paths.'/v1/import/'.post.summary", containsString("analytics-java"))
          .body(
              "paths.'/_emulator/segment/events/wait'.get.summary",
              org.hamcrest.Matchers.notNullValue());
    }
  }

  @Nested
  class Eviction {

    private SegmentTestServer small;

    @BeforeEach
    void start() {
      small = SegmentTestServer.start(settings -> settings.maxStoredEvents = 5);
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
      small.close();
    }

    @Test
    void oldestEventsAreEvictedAndCounted() {
      small.withKey().body(ValidationTest.batchOf(8)).post("/v1/batch").then().statusCode(200);

      assertThat(small.segment().events(EventQuery.all()).events())
          .extracting(StoredEvent::userId)
          .containsExactly("u3", "u4", "u5", "u6", "u7");
      assertThat(small.segment().stats().evictedEvents()).isEqualTo(3);
      small
          .request()
          .get("/_emulator/health")
          .then()
          .body("components.segment.evictedEvents", equalTo(3));
    }
  }
}
