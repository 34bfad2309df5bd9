package dev.cohortsync.contract.segment;

import static dev.cohortsync.contract.segment.Tracking.WK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.WriteKeyMode;
import dev.cohortsync.junit5.EmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The settings for tests that want to fail fast: strict validation answers 400 instead of Segment's
 * 200-and-drop, and REJECT answers 401 for unknown write keys.
 */
class StrictModesContractTest {

  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      EmulatorExtension.create(
          cfg -> {
            cfg.sync.enabled = false;
            cfg.segment.sourceWriteKeys.add(WK);
            cfg.segment.strictValidation = true;
            cfg.segment.writeKeyMode = WriteKeyMode.REJECT;
          });

  @Test
  void missingIdsIs400UnderStrictValidation() {
    Tracking.basic(EMULATOR, WK)
        .body("{\"traits\":{\"a\":true}}")
        .post("/v1/identify")
        .then()
        .statusCode(400)
        .body("code", equalTo("validation_failed"))
        .body("errors[0].reason", equalTo("no_user_anon_id"));

    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isZero();
  }

  @Test
  void oneInvalidItemFailsTheWholeBatch() {
    Tracking.basic(EMULATOR, WK)
        .body(
            "{\"batch\":[{\"type\":\"identify\",\"userId\":\"ok\"},{\"type\":\"track\",\"userId\":\"u\"}]}")
        .post("/v1/batch")
        .then()
        .statusCode(400)
        .body("errors[0].index", equalTo(1))
        .body("errors[0].reason", equalTo("event_not_defined"));

    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isZero();
  }

  @Test
  void unknownKeyIs401WithTheKeyMasked() {
    String unknown = "UNKNOWNkey0123456789abcdefghijkl";

    Tracking.basic(EMULATOR, unknown)
        .body("{\"userId\":\"u1\"}")
        .post("/v1/identify")
        .then()
        .statusCode(401)
        .body("code", equalTo("unknown_write_key"))
        .body("message", containsString("UNKN\u2026"))
        .body("message", not(containsString(unknown)));
  }

  @Test
  void registeredKeyStillGets200() {
    Tracking.basic(EMULATOR, WK)
        .body("{\"userId\":\"u1\"}")
        .post("/v1/identify")
        .then()
        .statusCode(200);

    assertThat(EMULATOR.emulator().segment().countEvents(EventQuery.all())).isEqualTo(1);
  }
}
