package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingRoutesTest {

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

  private static List<StoredEvent> stored() {
    return server.segment().events(EventQuery.all()).events();
  }

  /** A single-event route, the type it forces and a body valid for that type. */
  record SingleRoute(String path, String type, String body) {}

  static Stream<SingleRoute> singleRoutes() {
    String identify = "{\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"}}";
    String track = "{\"userId\":\"u1\",\"event\":\"Signed Up\"}";
    String page = "{\"userId\":\"u1\",\"name\":\"Home\"}";
    String group = "{\"userId\":\"u1\",\"groupId\":\"g1\"}";
    String alias = "{\"userId\":\"u1\",\"previousId\":\"anon-1\"}";
    return Stream.of(
        new SingleRoute("/v1/identify", "identify", identify),
        new SingleRoute("/v1/track", "track", track),
        new SingleRoute("/v1/page", "page", page),
        new SingleRoute("/v1/screen", "screen", page),
        new SingleRoute("/v1/group", "group", group),
        new SingleRoute("/v1/alias", "alias", alias),
        new SingleRoute("/v1/i", "identify", identify),
        new SingleRoute("/v1/t", "track", track),
        new SingleRoute("/v1/p", "page", page),
        new SingleRoute("/v1/s", "screen", page),
        new SingleRoute("/v1/g", "group", group),
        new SingleRoute("/v1/a", "alias", alias));
  }

  @Nested
  class Routes {

    @ParameterizedTest
    @MethodSource("dev.cohortsync.emulator.segment.TrackingRoutesTest#singleRoutes")
    void singleRouteStoresItsType(SingleRoute route) {
      server
          .withKey()
          .body(route.body())
          .post(route.path())
          .then()
          .statusCode(200)
          .body(equalTo("{\"success\":true}"));

      List<StoredEvent> events = stored();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).type()).isEqualTo(route.type());
      assertThat(events.get(0).route()).isEqualTo(route.path());
    }

    @Test
    void routeTypeOverridesBodyType() {
      server
          .withKey()
          .body("{\"type\":\"track\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .singleElement()
          .satisfies(
              event -> assertThat(event.message().get("type").asText()).isEqualTo("identify"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/batch", "/v1/import", "/v1/import/", "/v1/b"})
    void batchRoutesStoreEveryMessageInOrder(String path) {
      String body =
          """
          {"writeKey":"%s","batch":[
            {"type":"identify","userId":"u1"},
            {"type":"track","userId":"u2","event":"E"},
            {"type":"identify","userId":"u3"}]}
          """
              .formatted(SegmentTestServer.WRITE_KEY);

      server.request().body(body).post(path).then().statusCode(200).body("success", equalTo(true));

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("u1", "u2", "u3");
      assertThat(stored()).extracting(StoredEvent::route).containsOnly(path);
    }

    @Test
    void unknownPathIsNotFound() {
      server.withKey().body("{}").post("/v1/x").then().statusCode(404);
    }
  }

  @Nested
  class Credentials {

    @Test
    void basicAuthWithColon() {
      server
          .request()
          .header("Authorization", SegmentTestServer.basic(SegmentTestServer.WRITE_KEY + ":"))
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .extracting(StoredEvent::writeKey)
          .containsExactly(SegmentTestServer.WRITE_KEY);
    }

    @Test
    void basicAuthWithoutColon() {
      server
          .request()
          .header("Authorization", SegmentTestServer.basic(SegmentTestServer.WRITE_KEY))
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .extracting(StoredEvent::writeKey)
          .containsExactly(SegmentTestServer.WRITE_KEY);
    }

    @Test
    void writeKeyInBody() {
      server
          .request()
          .body("{\"writeKey\":\"" + SegmentTestServer.WRITE_KEY + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .extracting(StoredEvent::writeKey)
          .containsExactly(SegmentTestServer.WRITE_KEY);
    }

    @Test
    void bearerTokenWithBodyWriteKey() {
      server
          .request()
          .header("Authorization", "Bearer any-oauth-token")
          .body("{\"writeKey\":\"" + SegmentTestServer.WRITE_KEY + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .extracting(StoredEvent::writeKey)
          .containsExactly(SegmentTestServer.WRITE_KEY);
    }

    @Test
    void bearerTokenWithoutBodyWriteKeyIsMissingKey() {
      server
          .request()
          .header("Authorization", "Bearer any-oauth-token")
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("missing_write_key"))
          .body("message", containsString("Bearer"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void headerKeyWinsOverBodyKey() {
      server
          .withKey(SegmentTestServer.OTHER_KEY)
          .body("{\"writeKey\":\"" + SegmentTestServer.WRITE_KEY + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored())
          .extracting(StoredEvent::writeKey)
          .containsExactly(SegmentTestServer.OTHER_KEY);
    }

    @Test
    void writeKeyIsNotStoredInTheMessage() {
      server
          .request()
          .body("{\"writeKey\":\"" + SegmentTestServer.WRITE_KEY + "\",\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored().get(0).message().has("writeKey")).isFalse();
    }

    @Test
    void missingWriteKeyIs400AndStoresNothing() {
      server
          .request()
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("success", equalTo(false))
          .body("code", equalTo("missing_write_key"));

      assertThat(stored()).isEmpty();
      assertThat(server.segment().rejected(EventQuery.all()).rejected())
          .extracting(RejectedMessage::reason)
          .containsExactly(RejectionReason.MISSING_WRITE_KEY);
    }

    @Test
    void emptyBasicUserIsMissingKey() {
      server
          .request()
          .header("Authorization", SegmentTestServer.basic(":"))
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400);
    }
  }

  @Nested
  class Encoding {

    @Test
    void gzipBodyIsInflated() {
      byte[] body =
          SegmentTestServer.gzip(
              "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u1\"}],\"writeKey\":\""
                  + SegmentTestServer.WRITE_KEY
                  + "\"}");

      server
          .request()
          .header("Content-Encoding", "gzip")
          .body(body)
          .post("/v1/batch")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("u1");
    }

    @Test
    void corruptGzipIs400() {
      server
          .withKey()
          .header("Content-Encoding", "gzip")
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid_encoding"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void unsupportedEncodingIs400() {
      server
          .withKey()
          .header("Content-Encoding", "br")
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid_encoding"));
    }

    @Test
    void gzipBombStopsAtTheLimit() {
      // 50 MB of zeros compress to about 50 KB; inflating must stop at the 500 KiB batch limit.
      byte[] bomb = SegmentTestServer.gzip("{\"batch\":[\"" + "0".repeat(50_000_000) + "\"]}");
      assertThat(bomb.length).isLessThan(100_000);

      server
          .withKey()
          .header("Content-Encoding", "gzip")
          .body(bomb)
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("payload_too_large"))
          .body("message", containsString("inflates to more than 512000 bytes"));
    }

    @Test
    void jsonSentAsTextPlainIsAccepted() {
      server
          .withKey()
          .contentType("text/plain")
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored()).hasSize(1);
    }

    @Test
    void invalidJsonIs400AndStoresNothing() {
      server
          .withKey()
          .body("{\"userId\":")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid_json"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void emptyBodyIs400() {
      server
          .withKey()
          .body("")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("invalid_json"));
    }

    @Test
    void jsonArrayBodyIs400() {
      server
          .withKey()
          .body("[{\"userId\":\"u1\"}]")
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("body_not_object"));
    }

    @Test
    void duplicateKeysKeepTheLastValue() {
      server
          .withKey()
          .body("{\"userId\":\"first\",\"userId\":\"last\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(stored()).extracting(StoredEvent::userId).containsExactly("last");
    }
  }

  @Nested
  class Limits {

    private String identifyOfSize(int bytes) {
      String prefix = "{\"userId\":\"u1\",\"traits\":{\"pad\":\"";
      String suffix = "\"}}";
      return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }

    @Test
    void singleCallAtTheLimitIsAccepted() {
      server.withKey().body(identifyOfSize(32_768)).post("/v1/identify").then().statusCode(200);

      assertThat(stored()).hasSize(1);
    }

    @Test
    void singleCallOneByteOverTheLimitIs400() {
      Response response = server.withKey().body(identifyOfSize(32_769)).post("/v1/identify");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.jsonPath().getString("code")).isEqualTo("payload_too_large");
      assertThat(stored()).isEmpty();
    }

    @Test
    void batchOverTheLimitIs400AndStoresNothing() {
      StringBuilder body = new StringBuilder("{\"batch\":[");
      for (int i = 0; i < 40; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"type\":\"identify\",\"userId\":\"u")
            .append(i)
            .append("\",\"traits\":{\"pad\":\"")
            .append("x".repeat(13_000))
            .append("\"}}");
      }
      body.append("]}");
      assertThat(body.length()).isGreaterThan(512_000);

      server
          .withKey()
          .body(body.toString())
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("payload_too_large"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void batchItemOverTheLimitIs400AndStoresNothing() {
      String body =
          "{\"batch\":[{\"type\":\"identify\",\"userId\":\"small\"},"
              + "{\"type\":\"identify\",\"userId\":\"big\",\"traits\":{\"pad\":\""
              + "x".repeat(33_000)
              + "\"}}]}";

      server
          .withKey()
          .body(body)
          .post("/v1/batch")
          .then()
          .statusCode(400)
          .body("code", equalTo("message_too_large"))
          .body("message", containsString("message 1"));

      assertThat(stored()).isEmpty();
    }

    @Test
    void gzipBodyCountsDecodedBytes() {
      byte[] body = SegmentTestServer.gzip(identifyOfSize(32_769));
      assertThat(body.length).isLessThan(32_768);

      server
          .withKey()
          .header("Content-Encoding", "gzip")
          .body(body)
          .post("/v1/identify")
          .then()
          .statusCode(400)
          .body("code", equalTo("payload_too_large"));
    }
  }
}
