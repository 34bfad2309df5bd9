package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WriteKeyModesTest {

  private static final String UNKNOWN = "unknownkey0123456789abcdefghijkl";

  private SegmentTestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Nested
  class Drop {

    @Test
    void unknownKeyGets200AndNothingIsStored() {
      server = SegmentTestServer.start();

      server
          .withKey(UNKNOWN)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200)
          .body(equalTo("{\"success\":true}"));

      assertThat(server.segment().countEvents(EventQuery.all())).isZero();
      assertThat(server.segment().stats().rejectedByReason())
          .containsEntry("unknown_write_key", 1L);
    }

    @Test
    void unknownKeyRejectionIsMaskedAndFilterable() {
      server = SegmentTestServer.start();
      server
          .withKey(UNKNOWN)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      RejectedPage page = server.segment().rejected(EventQuery.all().withWriteKey(UNKNOWN));
      assertThat(page.rejected())
          .singleElement()
          .satisfies(rejected -> assertThat(rejected.writeKey()).isEqualTo("unkn\u2026"));
    }

    @Test
    void sourceRegisteredThroughTheControlApiIsStored() {
      server = SegmentTestServer.start();
      server
          .request()
          .body("{\"writeKey\":\"" + UNKNOWN + "\"}")
          .post("/_emulator/segment/sources")
          .then()
          .statusCode(201)
          .body("writeKey", equalTo("unkn\u2026"));

      server
          .withKey(UNKNOWN)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(server.segment().countEvents(EventQuery.all().withWriteKey(UNKNOWN))).isEqualTo(1);
    }
  }

  @Nested
  class Reject {

    @Test
    void unknownKeyGets401WithAClearBody() {
      server = SegmentTestServer.start(settings -> settings.writeKeyMode = WriteKeyMode.REJECT);

      server
          .withKey(UNKNOWN)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(401)
          .body("success", equalTo(false))
          .body("code", equalTo("unknown_write_key"))
          .body("message", containsString("unkn\u2026"))
          .body("message", not(containsString(UNKNOWN)));

      assertThat(server.segment().countEvents(EventQuery.all())).isZero();
    }

    @Test
    void registeredKeyIsStored() {
      server = SegmentTestServer.start(settings -> settings.writeKeyMode = WriteKeyMode.REJECT);

      server.withKey().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      assertThat(server.segment().countEvents(EventQuery.all())).isEqualTo(1);
    }
  }

  @Nested
  class Accept {

    @Test
    void anyKeyIsStored() {
      server = SegmentTestServer.start(settings -> settings.writeKeyMode = WriteKeyMode.ACCEPT);

      server
          .withKey(UNKNOWN)
          .body("{\"userId\":\"u1\"}")
          .post("/v1/identify")
          .then()
          .statusCode(200);

      assertThat(server.segment().events(EventQuery.all()).events())
          .extracting(StoredEvent::writeKey)
          .containsExactly(UNKNOWN);
    }
  }

  @Nested
  class MissingKey {

    @Test
    void missingKeyIsTreatedAsUnknownWhenAllowed() {
      server =
          SegmentTestServer.start(
              settings -> {
                settings.rejectMissingWriteKey = false;
                settings.writeKeyMode = WriteKeyMode.ACCEPT;
              });

      server.request().body("{\"userId\":\"u1\"}").post("/v1/identify").then().statusCode(200);

      assertThat(server.segment().events(EventQuery.all()).events())
          .extracting(StoredEvent::writeKey)
          .containsExactly("");
    }
  }

  @Nested
  class Sources {

    @Test
    void listGetAndDeleteSources() {
      server = SegmentTestServer.start();

      server
          .request()
          .get("/_emulator/segment/sources")
          .then()
          .statusCode(200)
          .body("writeKeyMode", equalTo("DROP"))
          .body("sources", hasSize(2));
      server
          .request()
          .get("/_emulator/segment/sources/" + SegmentTestServer.WRITE_KEY)
          .then()
          .statusCode(200);
      server
          .request()
          .delete("/_emulator/segment/sources/" + SegmentTestServer.WRITE_KEY)
          .then()
          .statusCode(200)
          .body("deleted", equalTo(true));
      SegmentTestServer.Reply gone =
          server.get("/_emulator/segment/sources/" + SegmentTestServer.WRITE_KEY);
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.json().getString("error.code")).isEqualTo("not_found");

      assertThat(server.segment().sources()).containsExactly(SegmentTestServer.OTHER_KEY);
    }

    @Test
    void registeringTwiceAnswers200() {
      server = SegmentTestServer.start();

      server
          .request()
          .body("{\"writeKey\":\"" + SegmentTestServer.WRITE_KEY + "\"}")
          .post("/_emulator/segment/sources")
          .then()
          .statusCode(200)
          .body("created", equalTo(false));
    }

    @Test
    void invalidWriteKeyIs400() {
      server = SegmentTestServer.start();

      server
          .request()
          .body("{\"writeKey\":\"has space\"}")
          .post("/_emulator/segment/sources")
          .then()
          .statusCode(400)
          .body("error.field", equalTo("writeKey"))
          .body("error.fix", containsString("whitespace"));
      server
          .request()
          .body("{\"writeKey\":5}")
          .post("/_emulator/segment/sources")
          .then()
          .statusCode(400)
          .body("error.field", equalTo("writeKey"));
      server
          .request()
          .body("{}")
          .post("/_emulator/segment/sources")
          .then()
          .statusCode(400)
          .body("error.message", containsString("missing"));
    }

    @Test
    void javaApiRejectsEmptyKey() {
      server = SegmentTestServer.start();

      assertThatThrownBy(() -> server.segment().registerSource(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be empty");
    }

    @Test
    void fullResetRestoresConfiguredSources() {
      server = SegmentTestServer.start();
      server.segment().registerSource(UNKNOWN);
      server.segment().removeSource(SegmentTestServer.OTHER_KEY);

      server.segment().reset();

      assertThat(server.segment().sources())
          .containsExactlyInAnyOrder(SegmentTestServer.WRITE_KEY, SegmentTestServer.OTHER_KEY);
    }
  }
}
