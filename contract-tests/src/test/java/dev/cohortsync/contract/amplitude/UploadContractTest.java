package dev.cohortsync.contract.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/3/cohorts/upload}: creates a static cohort from user ids or Amplitude ids. The
 * success body carries {@code cohortId} and match counts; errors are
 * {@code {"error":{"http_code","type","message","metadata"}}}.
 */
class UploadContractTest {

  @RegisterExtension static final EmulatorExtension EMULATOR = AmplitudeFixture.emulator(cfg -> {});

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProjectAndUsers() {
    amplitude.createProject();
    amplitude.users("[{\"amplitudeId\":1001,\"userId\":\"user_1\"},{\"amplitudeId\":1002,\"userId\":\"user_2\"}]");
  }

  private Response upload(String idsJson, String extraFields) {
    return amplitude
        .vendor()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\":\"T\",\"app_id\":" + AmplitudeFixture.APP_ID
                + ",\"id_type\":\"BY_USER_ID\",\"ids\":" + idsJson
                + ",\"owner\":\"o@x.io\",\"published\":true" + extraFields + "}")
        .post("/api/3/cohorts/upload");
  }

  @Test
  void uploadCreatesCohortAndReportsMatches() {
    // Current docs return cohortId (not cohort_id) plus matched, totals and invalid_ids_sample.
    String cohortId =
        upload("[\"user_1\"]", "")
            .then()
            .statusCode(200)
            .body("cohortId", matchesPattern("[a-z0-9]+"))
            .body("metadata.matched", equalTo(1))
            .body("metadata.totals", equalTo(1))
            .body("metadata.invalid_ids_sample", empty())
            .extract()
            .path("cohortId");

    amplitude
        .vendor()
        .get("/api/3/cohorts")
        .then()
        .body("cohorts.find { it.id == '" + cohortId + "' }.size", equalTo(1))
        .body("cohorts.find { it.id == '" + cohortId + "' }.name", equalTo("T"))
        .body("cohorts.find { it.id == '" + cohortId + "' }.owners", hasItem("o@x.io"));
  }

  @Test
  void rejectsEmptyIds() {
    // Amplitude rejects an upload with no ids; at least one valid id is required.
    upload("[]", "")
        .then()
        .statusCode(400)
        .body("error.http_code", equalTo(400))
        .body("error.type", notNullValue())
        .body("error.message", containsString("ids"));
  }

  @Test
  void uploadSkipsUnknownIdsByDefault() {
    upload("[\"user_1\",\"ghost\"]", "")
        .then()
        .statusCode(200)
        .body("metadata.matched", equalTo(1))
        .body("metadata.totals", equalTo(2))
        .body("metadata.invalid_ids_sample", hasItem("ghost"));
  }

  @Test
  void strictUploadRejectsUnknownId() {
    // With skip_invalid_ids false, any invalid id aborts the upload; metadata names it.
    upload("[\"user_1\",\"ghost\"]", ",\"skip_invalid_ids\":false")
        .then()
        .statusCode(400)
        .body("error.http_code", equalTo(400))
        .body("error.metadata.invalid_ids", hasItem("ghost"));

    assertThat(amplitude.vendor().get("/api/3/cohorts").jsonPath().getList("cohorts")).isEmpty();
  }

  @Test
  void rejectsOver100000Ids() {
    // One request may carry at most 100,000 ids.
    StringBuilder ids = new StringBuilder("[");
    for (int i = 0; i <= 100_000; i++) {
      ids.append(i == 0 ? "" : ",").append("\"user_").append(i).append('"');
    }

    upload(ids.append(']').toString(), "")
        .then()
        .statusCode(400)
        .body("error.message", containsString("100000"));

    assertThat(amplitude.vendor().get("/api/3/cohorts").jsonPath().getList("cohorts")).isEmpty();
  }

  @Test
  void uploadByAmplitudeIdMatchesKnownUsers() {
    amplitude
        .vendor()
        .contentType(ContentType.JSON)
        .body(
            "{\"name\":\"By id\",\"app_id\":" + AmplitudeFixture.APP_ID
                + ",\"id_type\":\"BY_AMP_ID\",\"ids\":[\"1001\",\"1002\"],\"owner\":\"o@x.io\","
                + "\"published\":false}")
        .post("/api/3/cohorts/upload")
        .then()
        .statusCode(200)
        .body("metadata.matched", equalTo(2));
  }
}
