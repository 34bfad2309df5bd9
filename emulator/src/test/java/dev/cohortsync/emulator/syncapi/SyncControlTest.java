package dev.cohortsync.emulator.syncapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.containsString;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sync control API against loopback stand-ins for Amplitude and Segment. */
class SyncControlTest {

  private final FakeAmplitudeServer amplitude =
      FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
  private final FakeSegmentServer segment = FakeSegmentServer.start();
  private final VirtualClock clock = VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
  private Emulator emulator;

  @BeforeEach
  void start() {
    emulator = Emulator.create(cfg -> {
      cfg.port = 0;
      cfg.clock = clock;
      cfg.sync.stateDirectory = null;
      cfg.sync.tickInterval = Duration.ZERO;
    }).start();
    amplitude.cohort("abc123", "Power Users", List.of(Row.of("u1"), Row.of("u2"), Row.anonymous("356896327775")));
  }

  @AfterEach
  void stop() {
    emulator.stop();
    amplitude.close();
    segment.close();
  }

  private RequestSpecification api() {
    return given().baseUri(emulator.baseUri().toString()).accept(ContentType.JSON);
  }

  /**
   * Sends a request without a body and returns status and JSON body. rest-assured 6 throws on
   * some bodiless 4xx answers instead of returning them, so error cases use the JDK client.
   */
  private Answer call(String method, String path) {
    try {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUri() + path))
              .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      com.fasterxml.jackson.databind.JsonNode body = response.body().isEmpty()
          ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
      return new Answer(response.statusCode(), body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Answer(int status, com.fasterxml.jackson.databind.JsonNode body) {
    String error(String field) {
      return body.path("error").path(field).asText();
    }
  }

  private RequestSpecification json(String body) {
    return api().contentType(ContentType.JSON).body(body);
  }

  private String syncBody(String id, String cadence) {
    return """
        {"id":"%s","cohortIds":["abc123"],"amplitudeApiKey":"%s","amplitudeSecretKey":"%s",
         "amplitudeBaseUrl":"%s","segmentWriteKey":"%s","segmentBaseUrl":"%s","cadence":"%s"}
        """.formatted(id, EngineHarness.API_KEY, EngineHarness.SECRET_KEY, amplitude.baseUri(),
        EngineHarness.WRITE_KEY, segment.baseUri(), cadence);
  }

  @Nested
  class Creating {

    @Test
    void createsSyncWithMaskedSecrets() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs")
          .then().statusCode(201)
          .body("id", equalTo("s1"))
          .body("cadence", equalTo("DAILY"))
          .body("amplitudeSecretKey", equalTo("amp-…"))
          .body("segmentWriteKey", equalTo("segm…"))
          .body("nextRunAt", equalTo("2026-03-02T10:00:00Z"))
          .body("traitKeyTemplate", equalTo("[Amplitude] {name} ({id})"));

      api().get("/_emulator/syncs").then().statusCode(200).body("syncs", hasSize(1)).body("syncs[0].id", equalTo("s1"));
    }

    @Test
    void runNowReturnsTheFirstRun() {
      String body = syncBody("s1", "hourly").replace("\"cadence\"", "\"runNow\":true,\"cadence\"");

      json(body).post("/_emulator/syncs")
          .then().statusCode(201)
          .body("firstRun.status", equalTo("SUCCEEDED"))
          .body("firstRun.totals.sentTrue", equalTo(2))
          .body("firstRun.cohorts[0].skippedAmplitudeIds", equalTo(List.of("356896327775")))
          .body("nextRunAt", equalTo("2026-03-02T11:00:00Z"));
    }

    @Test
    void baseUrlsDefaultToTheEmulatorItself() {
      String body = """
          {"id":"own","cohortIds":["abc123"],"amplitudeApiKey":"k","amplitudeSecretKey":"s","segmentWriteKey":"w"}
          """;

      json(body).post("/_emulator/syncs").then().statusCode(201)
          .body("amplitudeBaseUrl", equalTo(emulator.baseUri().toString()))
          .body("segmentBaseUrl", equalTo(emulator.baseUri().toString()))
          .body("cadence", equalTo("ONE_TIME"));
    }

    @Test
    void duplicateIdIsAConflict() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      json(syncBody("s1", "daily")).post("/_emulator/syncs")
          .then().statusCode(409).body("error.code", equalTo("conflict"));
    }
  }

  /** An invalid create request: the JSON body, and the field the 400 must name. */
  record BadRequest(String body, String field) {}

  static List<BadRequest> badRequests() {
    String keys = "\"amplitudeApiKey\":\"k\",\"amplitudeSecretKey\":\"s\",\"segmentWriteKey\":\"w\"";
    return List.of(
        // no cohort ids and no allCohorts
        new BadRequest("{" + keys + "}", "cohortIds"),
        // an empty cohort list is ambiguous; allCohorts says "every cohort"
        new BadRequest("{\"cohortIds\":[]," + keys + "}", "cohortIds"),
        // a cohort id that is not a string
        new BadRequest("{\"cohortIds\":[5]," + keys + "}", "cohortIds[0]"),
        new BadRequest("{\"cohortIds\":[\"a\",\"a\"]," + keys + "}", "cohortIds[1]"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"amplitudeApiKey\":\"k\",\"segmentWriteKey\":\"w\"}", "amplitudeSecretKey"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"amplitudeApiKey\":\"k\",\"amplitudeSecretKey\":\"s\"}", "segmentWriteKey"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"cadence\":\"weekly\"," + keys + "}", "cadence"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"traitKeyTemplate\":\"{foo}\"," + keys + "}", "traitKeyTemplate"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"renamePolicy\":\"DROP\"," + keys + "}", "renamePolicy"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"amplitudeBaseUrl\":\"ftp://x\"," + keys + "}", "amplitudeBaseUrl"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"id\":\"has space\"," + keys + "}", "id"),
        // a field the API does not know, probably a typo
        new BadRequest("{\"cohortIds\":[\"a\"],\"cadense\":\"daily\"," + keys + "}", "cadense"),
        new BadRequest("{\"cohortIds\":[\"a\"],\"runNow\":\"yes\"," + keys + "}", "runNow"),
        new BadRequest("[1,2]", "body"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void rejectsInvalidCreateRequestNamingTheField(BadRequest request) {
    json(request.body()).post("/_emulator/syncs")
        .then().statusCode(400)
        .body("error.field", equalTo(request.field()))
        .body("error.fix", org.hamcrest.Matchers.notNullValue());

    api().get("/_emulator/syncs").then().body("syncs", hasSize(0));
  }

  @Nested
  class Running {

    @Test
    void triggerRunsSynchronouslyAndListsTheRun() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      int runId = api().post("/_emulator/syncs/s1/runs")
          .then().statusCode(200)
          .body("status", equalTo("SUCCEEDED"))
          .body("trigger", equalTo("MANUAL"))
          .body("cohorts[0].traitKey", equalTo("[Amplitude] Power Users (abc123)"))
          .body("cohorts[0].sentTrue", equalTo(2))
          .body("cohorts[0].skipped", equalTo(1))
          .extract().path("runId");

      assertThat(segment.acknowledgedIdentifies()).hasSize(2);
      api().get("/_emulator/syncs/s1/runs").then().statusCode(200)
          .body("runs", hasSize(1))
          .body("runs[0].cohorts[0].skippedAmplitudeIds", org.hamcrest.Matchers.nullValue());
      api().get("/_emulator/syncs/s1/runs/" + runId).then().statusCode(200)
          .body("cohorts[0].skippedAmplitudeIds", equalTo(List.of("356896327775")));
    }

    @Test
    void movingTheClockRunsDueSyncsBeforeItAnswers() {
      json(syncBody("s1", "hourly")).post("/_emulator/syncs").then().statusCode(201);

      json("{\"by\":\"PT0S\"}").post("/_emulator/clock/advance").then().statusCode(200);
      amplitude.members("abc123", "Power Users", "u1", "u3");
      json("{\"by\":\"PT1H\"}").post("/_emulator/clock/advance").then().statusCode(200);

      api().get("/_emulator/syncs/s1/runs").then().statusCode(200)
          .body("runs", hasSize(2))
          .body("runs[0].trigger", equalTo("SCHEDULED"))
          .body("runs[0].totals.sentTrue", equalTo(1))
          .body("runs[0].totals.sentFalse", equalTo(1));
    }

    @Test
    void archivedCohortShowsAsDisabledSync() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);
      amplitude.archive("abc123");

      api().post("/_emulator/syncs/s1/runs").then().statusCode(200)
          .body("status", equalTo("FAILED"))
          .body("cohorts[0].error", containsString("archived"));

      api().get("/_emulator/syncs/s1").then().body("enabled", equalTo(false))
          .body("disabledReason", containsString("archived"));
    }

    @Test
    void runListLimitIsValidated() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      Answer badLimit = call("GET", "/_emulator/syncs/s1/runs?limit=0");
      Answer badRunId = call("GET", "/_emulator/syncs/s1/runs/abc");
      Answer missingRun = call("GET", "/_emulator/syncs/s1/runs/999");

      assertThat(badLimit.status()).isEqualTo(400);
      assertThat(badLimit.error("field")).isEqualTo("limit");
      assertThat(badRunId.status()).isEqualTo(400);
      assertThat(badRunId.error("field")).isEqualTo("runId");
      assertThat(missingRun.status()).isEqualTo(404);
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void unknownSyncIs404Everywhere() {
      Answer get = call("GET", "/_emulator/syncs/nope");

      assertThat(get.status()).isEqualTo(404);
      assertThat(get.error("code")).isEqualTo("not_found");
      assertThat(call("POST", "/_emulator/syncs/nope/runs").status()).isEqualTo(404);
      assertThat(call("GET", "/_emulator/syncs/nope/runs").status()).isEqualTo(404);
      assertThat(call("DELETE", "/_emulator/syncs/nope").status()).isEqualTo(404);
    }

    @Test
    void deleteRemovesTheSync() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      int deleted = call("DELETE", "/_emulator/syncs/s1").status();

      assertThat(deleted).isEqualTo(204);
      assertThat(call("GET", "/_emulator/syncs/s1").status()).isEqualTo(404);
    }

    @Test
    void resetDropsEverySync() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      api().post("/_emulator/reset?component=sync").then().statusCode(200);

      api().get("/_emulator/syncs").then().body("syncs", hasSize(0));
    }

    @Test
    void healthShowsSyncStatus() {
      json(syncBody("s1", "daily")).post("/_emulator/syncs").then().statusCode(201);

      Map<String, Object> status = api().get("/_emulator/health").then().statusCode(200)
          .extract().path("components.sync");

      assertThat(status).containsEntry("syncs", 1).containsEntry("enabled", true);
    }

    @Test
    void openApiDocumentDescribesSyncRoutes() {
      api().get("/_emulator/openapi.json").then().statusCode(200)
          .body("paths.'/_emulator/syncs/{syncId}/runs'.post.summary", containsString("Runs the sync now"));
    }
  }

  @Test
  void invalidSettingsFailEmulatorCreation() {
    assertThatThrownBy(() -> Emulator.create(cfg -> cfg.sync.usersPerBatch = 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sync.usersPerBatch is 0");
  }
}
