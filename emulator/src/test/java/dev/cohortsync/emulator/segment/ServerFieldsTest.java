package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerFieldsTest {

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

  private static ObjectNode storedMessage() {
    return server.segment().events(EventQuery.all()).events().get(0).message();
  }

  private static String now() {
    return nowMinusSeconds(0);
  }

  private static String nowMinusSeconds(long seconds) {
    return server.clock().instant().minusSeconds(seconds).toString().replace("Z", ".000Z");
  }

  @Nested
  class Timestamps {

    @Test
    void receivedAtIsTheServerClock() {
      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      assertThat(storedMessage().get("receivedAt").asText()).isEqualTo(now());
      assertThat(server.segment().events(EventQuery.all()).events().get(0).receivedAt())
          .isEqualTo(server.clock().instant());
    }

    @Test
    void timestampDefaultsToReceivedAtWithoutOriginal() {
      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.get("timestamp").asText()).isEqualTo(now());
      assertThat(message.has("originalTimestamp")).isFalse();
      assertThat(message.has("sentAt")).isFalse();
    }

    @Test
    void timestampIsCorrectedForClockSkew() {
      // The client clock is far behind: it sent at 09:00:10 an event from 09:00:00.
      server
          .withKey()
          .body(
              "{\"userId\":\"u1\",\"timestamp\":\"2026-01-05T09:00:00Z\",\"sentAt\":\"2026-01-05T09:00:10Z\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.get("timestamp").asText()).isEqualTo(nowMinusSeconds(10));
      assertThat(message.get("originalTimestamp").asText()).isEqualTo("2026-01-05T09:00:00Z");
      assertThat(message.get("sentAt").asText()).isEqualTo("2026-01-05T09:00:10Z");
    }

    @Test
    void envelopeSentAtCorrectsEveryBatchMessage() {
      String body =
          """
          {"sentAt":"2026-01-05T10:00:20.000Z","batch":[
            {"type":"identify","userId":"u1","timestamp":"2026-01-05T10:00:00.000Z"},
            {"type":"identify","userId":"u2","timestamp":"2026-01-05T10:00:15.000Z"}]}
          """;
      server.withKey().body(body).post("/v1/batch").then().statusCode(200);

      assertThat(server.segment().events(EventQuery.all()).events())
          .extracting(event -> event.message().get("timestamp").asText())
          .containsExactly(nowMinusSeconds(20), nowMinusSeconds(5));
    }

    @Test
    void messageSentAtWinsOverEnvelopeSentAt() {
      String body =
          """
          {"sentAt":"2026-01-05T10:00:20Z","batch":[
            {"type":"identify","userId":"u1","timestamp":"2026-01-05T10:00:00Z","sentAt":"2026-01-05T10:00:05Z"}]}
          """;
      server.withKey().body(body).post("/v1/batch").then().statusCode(200);

      assertThat(storedMessage().get("timestamp").asText()).isEqualTo(nowMinusSeconds(5));
    }

    @Test
    void timestampWithoutSentAtIsKeptAsSent() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"timestamp\":\"2026-01-01T00:00:00+02:00\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(storedMessage().get("timestamp").asText()).isEqualTo("2025-12-31T22:00:00.000Z");
    }

    @Test
    void unparseableTimestampFallsBackToServerTime() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"timestamp\":\"yesterday\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.get("timestamp").asText()).isEqualTo(now());
      assertThat(message.get("originalTimestamp").asText()).isEqualTo("yesterday");
    }

    @Test
    void receivedAtFollowsTheVirtualClock() {
      server.clock().advance(Duration.ofHours(3));
      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      assertThat(storedMessage().get("receivedAt").asText()).isEqualTo(now());
    }
  }

  @Nested
  class MessageIds {

    @Test
    void missingMessageIdIsAssigned() {
      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);
      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      var events = server.segment().events(EventQuery.all()).events();
      assertThat(events).hasSize(2);
      assertThat(events.get(0).messageId()).startsWith("api-").hasSize(40);
      assertThat(events.get(0).messageId()).isNotEqualTo(events.get(1).messageId());
    }

    @Test
    void clientMessageIdIsKept() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"messageId\":\"m-1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(storedMessage().get("messageId").asText()).isEqualTo("m-1");
    }
  }

  @Nested
  class EnvelopeMerge {

    @Test
    void envelopeContextIsMergedWithTheMessageWinning() {
      String body =
          """
          {"context":{"library":{"name":"analytics-java","version":"3.5.4"},"locale":"en-US"},
           "integrations":{"All":true,"Salesforce":false},
           "batch":[{"type":"identify","userId":"u1",
             "context":{"locale":"de-DE","library":{"version":"9"},
                        "integration":{"name":"Amplitude Cohort Sync","version":"1.0.0"}},
             "integrations":{"Salesforce":true}}]}
          """;
      server.withKey().body(body).post("/v1/batch").then().statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.at("/context/library/name").asText()).isEqualTo("analytics-java");
      assertThat(message.at("/context/library/version").asText()).isEqualTo("9");
      assertThat(message.at("/context/locale").asText()).isEqualTo("de-DE");
      assertThat(message.at("/context/integration/name").asText())
          .isEqualTo("Amplitude Cohort Sync");
      assertThat(message.at("/integrations/All").asBoolean()).isTrue();
      assertThat(message.at("/integrations/Salesforce").asBoolean()).isTrue();
    }

    @Test
    void envelopeFieldsAreNotCopiedIntoMessages() {
      String body = "{\"sequence\":7,\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\"}]}";
      server.withKey().body(body).post("/v1/batch").then().statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.has("sequence")).isFalse();
      assertThat(message.has("batch")).isFalse();
      assertThat(message.has("context")).isFalse();
    }

    @Test
    void unknownMessageFieldsAreKept() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"channel\":\"server\",\"version\":2}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      ObjectNode message = storedMessage();
      assertThat(message.get("channel").asText()).isEqualTo("server");
      assertThat(message.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void clientCannotSetReceivedAt() {
      server
          .withKey()
          .body("{\"userId\":\"u1\",\"receivedAt\":\"2000-01-01T00:00:00Z\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(storedMessage().get("receivedAt").asText()).isEqualTo(now());
    }
  }
}
