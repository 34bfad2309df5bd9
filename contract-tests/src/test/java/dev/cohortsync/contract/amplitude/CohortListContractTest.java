package dev.cohortsync.contract.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /api/3/cohorts}: one unpaginated list of the project's cohorts. */
class CohortListContractTest {

  @RegisterExtension static final EmulatorExtension EMULATOR = AmplitudeFixture.emulator(cfg -> {});

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProject() {
    amplitude.createProject();
  }

  @Test
  void listsCohortsWithDocumentedFieldTypes() {
    // Amplitude's docs list these fields; recorded live responses show integer appId and
    // epoch-second timestamps.
    amplitude.cohort(
        "{\"id\":\"26umsb5\",\"name\":\"Power Users\",\"owners\":[\"amp\"],\"amplitudeIds\":[1,2]}");

    long now = amplitude.now().getEpochSecond();

    JsonPath body =
        amplitude.vendor().get("/api/3/cohorts").then().statusCode(200).extract().jsonPath();

    Map<String, Object> cohort = body.getMap("cohorts[0]");
    assertThat(cohort.get("id")).isEqualTo("26umsb5");
    assertThat(cohort.get("name")).isEqualTo("Power Users");
    assertThat(cohort.get("size")).isEqualTo(2);
    assertThat(cohort.get("lastComputed")).isEqualTo((int) now);
    assertThat(cohort.get("lastMod")).isInstanceOf(Integer.class);
    assertThat(cohort.get("createdAt")).isEqualTo((int) now);
    assertThat(cohort.get("archived")).isEqualTo(false);
    assertThat(cohort.get("published")).isEqualTo(true);
    assertThat(cohort.get("owners")).isEqualTo(List.of("amp"));
    assertThat(cohort.get("viewers")).isEqualTo(List.of());
    assertThat(cohort.get("appId")).isEqualTo((int) AmplitudeFixture.APP_ID);
    assertThat(cohort.get("type")).isInstanceOf(String.class);
    assertThat(cohort.get("definition")).isInstanceOf(Map.class);
  }

  @Test
  void generatesCohortIdsInAmplitudesShape() {
    // Real ids are short lower-case letters and digits, such as 26umsb5 or 9apg8e8f.
    amplitude.cohort("{\"name\":\"Generated\"}");

    amplitude
        .vendor()
        .get("/api/3/cohorts")
        .then()
        .body("cohorts[0].id", matchesPattern("[a-z0-9]{7,8}"));
  }

  @Test
  void neverComputedHasNullSize() {
    // A live cohort that was never computed lists "size": null and "lastComputed": null.
    amplitude.cohort("{\"id\":\"1a2bc3d\",\"name\":\"Fresh\"}");

    amplitude
        .vendor()
        .get("/api/3/cohorts")
        .then()
        .statusCode(200)
        .body("cohorts[0].size", nullValue())
        .body("cohorts[0].lastComputed", nullValue())
        .body("cohorts[0].createdAt", instanceOf(Integer.class));
  }

  @Test
  void emptyComputedHasSizeZero() {
    amplitude.cohort("{\"id\":\"1a2bc3d\",\"name\":\"Empty\",\"amplitudeIds\":[]}");

    amplitude.vendor().get("/api/3/cohorts").then().body("cohorts[0].size", equalTo(0));
  }

  @Test
  void syncInfoListsRecurringEnabledSyncs() {
    // syncMetadata leaves out one-time and disabled syncs, as documented.
    amplitude.cohort("{\"id\":\"26umsb5\",\"name\":\"Synced\",\"amplitudeIds\":[1]}");
    amplitude
        .control()
        .body(
            """
            {"syncs":[
              {"target":"segment","frequency":"hourly","lastSuccessful":"2026-03-01T09:00:00Z",
               "params":{"api_target":"prod"}},
              {"target":"braze","frequency":"minute"},
              {"target":"s3","frequency":"one-time"},
              {"target":"hubspot","frequency":"daily","enabled":false}]}
            """)
        .put("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/cohorts/26umsb5/syncs")
        .then()
        .statusCode(200);

    JsonPath body =
        amplitude
            .vendor()
            .queryParam("includeSyncInfo", "true")
            .get("/api/3/cohorts")
            .then()
            .statusCode(200)
            .body("cohorts[0].syncMetadata", hasSize(2))
            .extract()
            .jsonPath();

    assertThat(body.getList("cohorts[0].syncMetadata.target")).containsExactly("segment", "braze");
    assertThat(body.getString("cohorts[0].syncMetadata[0].frequency")).isEqualTo("hourly");
    assertThat(body.getString("cohorts[0].syncMetadata[0].last_successful"))
        .isEqualTo("2026-03-01T09:00:00+00:00");
    assertThat(body.getMap("cohorts[0].syncMetadata[0]")).containsKey("last_failure");
    assertThat(body.getString("cohorts[0].syncMetadata[0].params.api_target")).isEqualTo("prod");
  }

  @Test
  void omitsSyncMetadataByDefault() {
    amplitude.cohort("{\"id\":\"26umsb5\",\"name\":\"Plain\"}");

    Map<String, Object> cohort =
        amplitude.vendor().get("/api/3/cohorts").then().extract().jsonPath().getMap("cohorts[0]");

    assertThat(cohort).doesNotContainKey("syncMetadata");
  }

  @Test
  void listsArchivedCohortsFlagged() {
    amplitude.cohort("{\"id\":\"26umsb5\",\"name\":\"Old\"}");
    amplitude
        .control()
        .post("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/cohorts/26umsb5/archive")
        .then()
        .statusCode(200);

    amplitude.vendor().get("/api/3/cohorts").then().body("cohorts[0].archived", equalTo(true));
  }
}
