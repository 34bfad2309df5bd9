package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidationTest {

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

  /** A message sent to a route that Segment accepts with 200 and then drops. */
  record Invalid(String path, String body, RejectionReason reason, String field) {}

  static Stream<Invalid> invalidMessages() {
    return Stream.of(
        // neither userId nor anonymousId
        new Invalid(
            "/v1/identify", "{\"traits\":{\"a\":true}}", RejectionReason.NO_USER_ANON_ID, "userId"),
        // both ids null count as absent
        new Invalid(
            "/v1/identify",
            "{\"userId\":null,\"anonymousId\":null}",
            RejectionReason.NO_USER_ANON_ID,
            "userId"),
        // a number is not a string id
        new Invalid("/v1/identify", "{\"userId\":42}", RejectionReason.ID_NOT_STRING, "userId"),
        // an empty id is no id
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"\",\"anonymousId\":\"a1\"}",
            RejectionReason.ID_NOT_STRING,
            "userId"),
        new Invalid(
            "/v1/identify", "{\"anonymousId\":true}", RejectionReason.ID_NOT_STRING, "anonymousId"),
        // traits must be an object
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"traits\":\"x\"}",
            RejectionReason.TRAITS_NOT_OBJECT,
            "traits"),
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"traits\":[1]}",
            RejectionReason.TRAITS_NOT_OBJECT,
            "traits"),
        // track needs an event name
        new Invalid("/v1/track", "{\"userId\":\"u1\"}", RejectionReason.EVENT_NOT_DEFINED, "event"),
        new Invalid(
            "/v1/track",
            "{\"userId\":\"u1\",\"event\":\"\"}",
            RejectionReason.EVENT_NOT_DEFINED,
            "event"),
        new Invalid(
            "/v1/track",
            "{\"userId\":\"u1\",\"event\":5}",
            RejectionReason.EVENT_NOT_STRING,
            "event"),
        new Invalid(
            "/v1/track",
            "{\"userId\":\"u1\",\"event\":\"E\",\"properties\":3}",
            RejectionReason.PROPERTIES_NOT_OBJECT,
            "properties"),
        // page and screen names are strings
        new Invalid(
            "/v1/page", "{\"userId\":\"u1\",\"name\":7}", RejectionReason.NAME_NOT_STRING, "name"),
        new Invalid(
            "/v1/page",
            "{\"userId\":\"u1\",\"category\":{}}",
            RejectionReason.CATEGORY_NOT_STRING,
            "category"),
        new Invalid(
            "/v1/screen",
            "{\"userId\":\"u1\",\"name\":false}",
            RejectionReason.NAME_NOT_STRING,
            "name"),
        new Invalid(
            "/v1/screen",
            "{\"userId\":\"u1\",\"properties\":\"p\"}",
            RejectionReason.PROPERTIES_NOT_OBJECT,
            "properties"),
        // group and alias need their second id
        new Invalid("/v1/group", "{\"userId\":\"u1\"}", RejectionReason.ID_REQUIRED, "groupId"),
        new Invalid(
            "/v1/group",
            "{\"userId\":\"u1\",\"groupId\":9}",
            RejectionReason.ID_NOT_STRING,
            "groupId"),
        new Invalid(
            "/v1/group",
            "{\"userId\":\"u1\",\"groupId\":\"g\",\"traits\":1}",
            RejectionReason.TRAITS_NOT_OBJECT,
            "traits"),
        new Invalid("/v1/alias", "{\"userId\":\"u1\"}", RejectionReason.ID_REQUIRED, "previousId"),
        // context and integrations are objects
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"context\":\"c\"}",
            RejectionReason.CONTEXT_NOT_OBJECT,
            "context"),
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"integrations\":[]}",
            RejectionReason.INTEGRATIONS_NOT_OBJECT,
            "integrations"),
        // messageId is a string of at most 100 characters
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"messageId\":12}",
            RejectionReason.MESSAGE_ID_NOT_STRING,
            "messageId"),
        new Invalid(
            "/v1/identify",
            "{\"userId\":\"u1\",\"messageId\":\"" + "m".repeat(101) + "\"}",
            RejectionReason.MESSAGE_ID_TOO_LONG,
            "messageId"),
        // batch items need a valid type
        new Invalid(
            "/v1/batch",
            "{\"batch\":[{\"userId\":\"u1\"}]}",
            RejectionReason.TYPE_NOT_DEFINED,
            "type"),
        new Invalid(
            "/v1/batch",
            "{\"batch\":[{\"type\":1,\"userId\":\"u1\"}]}",
            RejectionReason.TYPE_NOT_STRING,
            "type"),
        new Invalid(
            "/v1/batch",
            "{\"batch\":[{\"type\":\"Identify\",\"userId\":\"u1\"}]}",
            RejectionReason.TYPE_NOT_VALID,
            "type"),
        new Invalid(
            "/v1/batch",
            "{\"batch\":[\"identify\"]}",
            RejectionReason.MESSAGE_NOT_OBJECT,
            "batch[0]"),
        // an empty batch has nothing to accept
        new Invalid("/v1/batch", "{\"batch\":[]}", RejectionReason.EMPTY_BATCH, "batch"),
        new Invalid("/v1/batch", "{}", RejectionReason.EMPTY_BATCH, "batch"));
  }

  @ParameterizedTest
  @MethodSource("invalidMessages")
  void invalidMessageGets200AndIsListedWithItsReason(Invalid invalid) {
    server
        .withKey()
        .body(invalid.body())
        .post(invalid.path())
        .then()
        .statusCode(200)
        .body("success", equalTo(true));

    assertThat(server.segment().events(EventQuery.all()).events()).isEmpty();
    List<RejectedMessage> rejected = server.segment().rejected(EventQuery.all()).rejected();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).reason()).isEqualTo(invalid.reason());
    assertThat(rejected.get(0).field()).isEqualTo(invalid.field());
    assertThat(rejected.get(0).status()).isEqualTo(200);
    assertThat(rejected.get(0).route()).isEqualTo(invalid.path());
    assertThat(rejected.get(0).writeKey()).isEqualTo("wk-t\u2026");
  }

  @Test
  void rejectionShowsTheOffendingValue() {
    server
        .withKey()
        .body("{\"userId\":\"u1\",\"event\":5}")
        .post("/v1/track")
        .then()
        .statusCode(200);

    RejectedMessage rejected = server.segment().rejected(EventQuery.all()).rejected().get(0);
    assertThat(rejected.value()).isEqualTo("5");
    assertThat(rejected.userId()).isEqualTo("u1");
    assertThat(rejected.detail()).contains("event must be a string");
  }

  @Test
  void batchKeepsValidMessagesAndDropsInvalidOnes() {
    String body =
        """
        {"batch":[
          {"type":"identify","userId":"good-1"},
          {"type":"identify"},
          {"userId":"no-type"},
          {"type":"track","userId":"good-2","event":"E"},
          {"type":"track","userId":"bad-event","event":5}]}
        """;

    server.withKey().body(body).post("/v1/batch").then().statusCode(200);

    assertThat(server.segment().events(EventQuery.all()).events())
        .extracting(StoredEvent::userId)
        .containsExactly("good-1", "good-2");
    assertThat(server.segment().rejected(EventQuery.all()).rejected())
        .extracting(RejectedMessage::index, RejectedMessage::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, RejectionReason.NO_USER_ANON_ID),
            org.assertj.core.groups.Tuple.tuple(2, RejectionReason.TYPE_NOT_DEFINED),
            org.assertj.core.groups.Tuple.tuple(4, RejectionReason.EVENT_NOT_STRING));
  }

  @Test
  void batchNotAnArrayIs400() {
    server
        .withKey()
        .body("{\"batch\":{\"type\":\"identify\"}}")
        .post("/v1/batch")
        .then()
        .statusCode(400)
        .body("code", equalTo("batch_not_array"));
  }

  @Test
  void messageIdOfExactly100CharactersIsKept() {
    server
        .withKey()
        .body("{\"userId\":\"u1\",\"messageId\":\"" + "m".repeat(100) + "\"}")
        .post("/v1/identify")
        .then()
        .statusCode(200);

    assertThat(server.segment().events(EventQuery.all()).events()).hasSize(1);
  }

  @Nested
  class BatchOverflowDefault {

    @Test
    void batchOverTheMessageMaximumDropsEveryMessage() {
      server.withKey().body(batchOf(2_501)).post("/v1/batch").then().statusCode(200);

      assertThat(server.segment().countEvents(EventQuery.all())).isZero();
      assertThat(server.segment().stats().rejectedByReason())
          .containsEntry("too_many_events", 2_501L);
    }

    @Test
    void batchAtTheMessageMaximumIsStored() {
      server.withKey().body(batchOf(2_500)).post("/v1/batch").then().statusCode(200);

      assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(2_500);
    }
  }

  static String batchOf(int messages) {
    StringBuilder body = new StringBuilder("{\"batch\":[");
    for (int i = 0; i < messages; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"type\":\"identify\",\"userId\":\"u")
          .append(i)
          .append("\"}");
    }
    return body.append("]}").toString();
  }

  @Nested
  class DropExcess {

    private SegmentTestServer excess;

    @BeforeEach
    void start() {
      excess =
          SegmentTestServer.start(
              settings -> {
                settings.batchOverflow = BatchOverflow.DROP_EXCESS;
                settings.maxBatchEvents = 3;
              });
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
      excess.close();
    }

    @Test
    void keepsTheFirstMessagesUpToTheMaximum() {
      excess.withKey().body(batchOf(5)).post("/v1/batch").then().statusCode(200);

      assertThat(excess.segment().events(EventQuery.all()).events())
          .extracting(StoredEvent::userId)
          .containsExactly("u0", "u1", "u2");
      assertThat(excess.segment().rejected(EventQuery.all()).rejected())
          .extracting(RejectedMessage::index)
          .containsExactly(3, 4);
    }
  }

  @Nested
  class Strict {

    private SegmentTestServer strict;

    @BeforeEach
    void start() {
      strict = SegmentTestServer.start(settings -> settings.strictValidation = true);
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
      strict.close();
    }

    @Test
    void invalidMessageFailsTheWholeRequest() {
      String body =
          "{\"batch\":[{\"type\":\"identify\",\"userId\":\"ok\"},{\"type\":\"identify\"}]}";

      strict
          .withKey()
          .body(body)
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("validation_failed"))
          .body("errors", hasSize(1))
          .body("errors[0].index", equalTo(1))
          .body("errors[0].reason", equalTo("no_user_anon_id"));

      assertThat(strict.segment().countEvents(EventQuery.all())).isZero();
      assertThat(strict.segment().rejected(EventQuery.all()).rejected())
          .extracting(RejectedMessage::status)
          .containsExactly(400);
    }

    @Test
    void validBatchIsStored() {
      strict
          .withKey()
          .body("{\"batch\":[{\"type\":\"identify\",\"userId\":\"ok\"}]}")
          .post("/v1/batch")
          .then()
          .statusCode(200);

      assertThat(strict.segment().countEvents(EventQuery.all())).isEqualTo(1);
    }
  }
}
