package dev.cohortsync.contract.amplitude;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingestion APIs that feed users into the fake: HTTP V2 ({@code POST /2/httpapi}, JSON body
 * with the api key) and Identify ({@code POST /identify}, form fields).
 */
class IngestionContractTest {

  @RegisterExtension static final EmulatorExtension EMULATOR = AmplitudeFixture.emulator(cfg -> {});

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProject() {
    amplitude.createProject();
  }

  private String event(String fields) {
    return "{\"api_key\":\"" + AmplitudeFixture.API_KEY + "\",\"events\":[" + fields + "]}";
  }

  @Test
  void httpApiIngestsEventAndReportsCounts() {
    String body = event("{\"event_type\":\"Play\",\"user_id\":\"user_1\",\"time\":1772445600000}");

    amplitude
        .anonymous()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/2/httpapi")
        .then()
        .statusCode(200)
        .body("code", equalTo(200))
        .body("events_ingested", equalTo(1))
        .body("payload_size_bytes", equalTo(body.length()))
        .body("server_upload_time", instanceOf(Long.class));
  }

  @Test
  void httpApiRejectsTooShortOnlyId() {
    // Ids shorter than 5 characters are dropped; an event left without ids is rejected.
    amplitude
        .anonymous()
        .contentType(ContentType.JSON)
        .body(event("{\"event_type\":\"Play\",\"user_id\":\"abc\"}"))
        .post("/2/httpapi")
        .then()
        .statusCode(400)
        .body("code", equalTo(400))
        .body("events_with_invalid_fields.user_id", hasItem(0));
  }

  @Test
  void httpApiRejectsBodyOverOneMegabyte() {
    String padding = "x".repeat(1024 * 1024);

    amplitude
        .anonymous()
        .contentType(ContentType.JSON)
        .body(event("{\"event_type\":\"" + padding + "\",\"user_id\":\"user_1\"}"))
        .post("/2/httpapi")
        .then()
        .statusCode(413);
  }

  @Test
  void httpApiRejectsMoreThan2000Events() {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 2001; i++) {
      events.append(i == 0 ? "" : ",").append("{\"event_type\":\"e\",\"user_id\":\"user_1\"}");
    }

    amplitude
        .anonymous()
        .contentType(ContentType.JSON)
        .body(event(events.toString()))
        .post("/2/httpapi")
        .then()
        .statusCode(413);
  }

  @Test
  void identifiedPropertyReachesExport() {
    amplitude.users("[{\"amplitudeId\":1001,\"userId\":\"user_1\"}]");
    amplitude.cohort("{\"id\":\"26umsb5\",\"name\":\"Plans\",\"amplitudeIds\":[1001]}");

    amplitude
        .anonymous()
        .contentType(ContentType.URLENC)
        .formParam("api_key", AmplitudeFixture.API_KEY)
        .formParam(
            "identification",
            "[{\"user_id\":\"user_1\",\"user_properties\":{\"$set\":{\"plan\":\"pro\"}}}]")
        .post("/identify")
        .then()
        .statusCode(200);
    String requestId = amplitude.requestExport("26umsb5?props=1");
    amplitude.advanceClock("PT2S");

    amplitude
        .file(requestId)
        .then()
        .statusCode(200)
        .body(equalTo("\"amplitude_id\",\"user_id\",\"plan\"\r\n\"1001\",\"user_1\",\"pro\"\r\n"));
  }

  @Test
  void httpApiCreatesUser() {
    amplitude
        .anonymous()
        .contentType(ContentType.JSON)
        .body(event("{\"event_type\":\"Play\",\"user_id\":\"user_77\"}"))
        .post("/2/httpapi")
        .then()
        .statusCode(200);

    amplitude
        .control()
        .queryParam("userId", "user_77")
        .get("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/users")
        .then()
        .body("users[0].amplitudeId", greaterThan(0L));
  }
}
