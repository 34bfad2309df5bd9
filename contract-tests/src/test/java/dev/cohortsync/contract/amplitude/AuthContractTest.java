package dev.cohortsync.contract.amplitude;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.cohortsync.junit5.EmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP Basic authentication (api key as user name, secret key as password) and the US and EU
 * hosts, which serve the same paths.
 */
class AuthContractTest {

  private static final String EU_HOST = "analytics.eu.amplitude.com";

  @RegisterExtension static final EmulatorExtension EMULATOR = AmplitudeFixture.emulator(cfg -> {});

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProjects() {
    amplitude.createProject();
    amplitude.createProject("eu-key-0001", "eu-secret-0001", 829528, "EU");
  }

  @Test
  void acceptsValidCredentials() {
    amplitude.vendor().get("/api/3/cohorts").then().statusCode(200);
  }

  @Test
  void missingSecretIs403() {
    // A client that sent its key with an undefined secret got 403 on every call.
    amplitude
        .vendor(AmplitudeFixture.API_KEY, "")
        .get("/api/3/cohorts")
        .then()
        .statusCode(403)
        .body("error.message", notNullValue());
  }

  @Test
  void keyWithoutColonIs403() {
    String keyOnly =
        Base64.getEncoder().encodeToString(AmplitudeFixture.API_KEY.getBytes(StandardCharsets.UTF_8));

    amplitude
        .anonymous()
        .header("Authorization", "Basic " + keyOnly)
        .get("/api/3/cohorts")
        .then()
        .statusCode(403);
  }

  @Test
  void missingHeaderIs401Json() {
    // The real status is not documented. The fake responds with 401 and a JSON error.
    amplitude
        .anonymous()
        .get("/api/3/cohorts")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .body("error.message", notNullValue());
  }

  @Test
  void wrongSecretIs403() {
    amplitude.vendor(AmplitudeFixture.API_KEY, "wrong").get("/api/3/cohorts").then().statusCode(403);
  }

  @Test
  void unknownApiKeyIs401() {
    amplitude.vendor("unknown-key", "x").get("/api/3/cohorts").then().statusCode(401);
  }

  @Test
  void servesEuProjectOnEuHost() {
    // The EU data centre has the same paths on analytics.eu.amplitude.com.
    amplitude
        .vendor("eu-key-0001", "eu-secret-0001")
        .header("Host", EU_HOST)
        .get("/api/3/cohorts")
        .then()
        .statusCode(200)
        .body("cohorts.size()", equalTo(0));
  }

  @Test
  void exportsOnEuHost() {
    amplitude
        .control()
        .body("{\"id\":\"26umsb5\",\"name\":\"EU cohort\",\"amplitudeIds\":[1]}")
        .post("/_emulator/amplitude/projects/eu-key-0001/cohorts")
        .then()
        .statusCode(201);

    amplitude
        .vendor("eu-key-0001", "eu-secret-0001")
        .header("Host", EU_HOST)
        .get("/api/5/cohorts/request/26umsb5")
        .then()
        .statusCode(202)
        .body("cohort_id", equalTo("26umsb5"));
  }

  @Test
  void rejectsEuProjectOnUsHost() {
    // Calls to the wrong region's host fail with an authentication error.
    amplitude
        .vendor("eu-key-0001", "eu-secret-0001")
        .header("Host", "amplitude.com")
        .get("/api/3/cohorts")
        .then()
        .statusCode(401);
  }

  @Test
  void rejectsUsProjectOnEuHost() {
    amplitude.vendor().header("Host", EU_HOST).get("/api/3/cohorts").then().statusCode(401);
  }
}
