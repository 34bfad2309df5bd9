package dev.cohortsync.contract.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Amplitude's documented cohort download limits: 60 requests per 10 minutes per app, 5 concurrent
 * requests per project, 500 downloads per month and 2,000,000 users per cohort. A request over
 * a limit gets 429 with a body naming the limit.
 */
class ExportLimitsContractTest {

  // Jobs complete at once here so that the cap of 4 running jobs never hides the rate limits.
  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      AmplitudeFixture.emulator(cfg -> cfg.amplitude.exportJobDuration = Duration.ZERO);

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProjectAndCohort() {
    amplitude.createProject();
    amplitude.cohort("{\"id\":\"26umsb5\",\"name\":\"Small\",\"amplitudeIds\":[1,2]}");
  }

  @Test
  void rejects61stRequestInWindow() {
    for (int i = 0; i < 60; i++) {
      amplitude.requestExport("26umsb5");
    }

    Response rejected = amplitude.vendor().get("/api/5/cohorts/request/26umsb5");

    rejected
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("error.message", containsString("60 per 10 minutes"))
        .body("error.metadata.limit", equalTo("export_requests_per_window"));
  }

  @Test
  void rateWindowSlidesAfterTenMinutes() {
    for (int i = 0; i < 60; i++) {
      amplitude.requestExport("26umsb5");
    }
    amplitude.advanceClock("PT10M");

    amplitude.vendor().get("/api/5/cohorts/request/26umsb5").then().statusCode(202);
  }

  @Test
  void rejectsSixthConcurrentRequest() throws Exception {
    // Cohort downloads and other REST calls share 5 concurrent requests per project. Holding the
    // project through the control API keeps the first five in flight, so the sixth overlaps them.
    amplitude
        .control()
        .post("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/hold")
        .then()
        .statusCode(200);
    List<CompletableFuture<Integer>> inFlight =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            i % 2 == 0
                                ? amplitude.vendor().get("/api/3/cohorts").statusCode()
                                : amplitude.vendor().get("/api/5/cohorts/request/26umsb5").statusCode()))
            .toList();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> amplitude.project().jsonPath().getInt("heldRequests") == 5);

    Response sixth = amplitude.vendor().get("/api/3/cohorts");
    amplitude
        .control()
        .post("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/release")
        .then()
        .statusCode(200);

    sixth
        .then()
        .statusCode(429)
        .body("error.metadata.limit", equalTo("concurrent_requests_per_project"));
    assertThat(inFlight.stream().map(CompletableFuture::join).toList())
        .containsExactlyInAnyOrder(200, 202, 200, 202, 200);
  }

  @Test
  void monthlyCapRejects501stRequest() throws Exception {
    YearMonth month = amplitude.moveToNextMonth();
    useUpMonthlyQuota();

    amplitude
        .vendor()
        .get("/api/5/cohorts/request/26umsb5")
        .then()
        .statusCode(429)
        .body("error.metadata.limit", equalTo("export_requests_per_month"));
    amplitude
        .vendor()
        .get("/api/3/cohorts/usage")
        .then()
        .statusCode(200)
        .body("limit", equalTo(500))
        .body("count", equalTo(500))
        .body("rest_download.limit", equalTo(500))
        .body("rest_download.usage", equalTo(500))
        .body("rest_download.resets_at", equalTo(firstInstantOf(month.plusMonths(1)).toString()));
  }

  @Test
  void monthlyCapResetsNextUtcMonth() throws Exception {
    YearMonth month = amplitude.moveToNextMonth();
    useUpMonthlyQuota();

    amplitude.setClock(firstInstantOf(month.plusMonths(1)));

    amplitude.vendor().get("/api/3/cohorts/usage").then().body("count", equalTo(0));
    amplitude.vendor().get("/api/5/cohorts/request/26umsb5").then().statusCode(202);
  }

  @Test
  void rejectsCohortOverTwoMillion() {
    // Cohorts over 2,000,000 users cannot be downloaded. The fake responds with 400 and starts
    // no job.
    amplitude.cohort("{\"id\":\"7khm89cz\",\"name\":\"Huge\"}");
    EMULATOR
        .emulator()
        .amplitude()
        .setMembers(AmplitudeFixture.API_KEY, "7khm89cz", LongStream.rangeClosed(1, 2_000_001));

    amplitude
        .vendor()
        .get("/api/5/cohorts/request/7khm89cz")
        .then()
        .statusCode(400)
        .body("error.metadata.size", equalTo(2_000_001))
        .body("error.metadata.max", equalTo(2_000_000));
    assertThat(EMULATOR.emulator().amplitude().exportJobs(AmplitudeFixture.API_KEY)).isEmpty();
    amplitude.vendor().get("/api/3/cohorts/usage").then().body("count", equalTo(0));
  }

  @Test
  void usageHasBothShapes() {
    // The real shape is not public; both shapes that third-party clients read are present.
    amplitude.requestExport("26umsb5");

    amplitude
        .vendor()
        .get("/api/3/cohorts/usage")
        .then()
        .statusCode(200)
        .body("limit", equalTo(500))
        .body("count", equalTo(1))
        .body("rest_download.limit", equalTo(500))
        .body("rest_download.usage", equalTo(1))
        .body("rest_download.resets_at", notNullValue());
  }

  /**
   * Sends 500 export requests, 60 per 10 minutes of virtual time, and leaves the clock 10
   * minutes after the last so the rate window is clear. They go through java.net.http because
   * rest-assured spends about 50 ms of client time per call.
   */
  private void useUpMonthlyQuota() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest export =
        HttpRequest.newBuilder(URI.create(EMULATOR.baseUri() + "/api/5/cohorts/request/26umsb5"))
            .header("Authorization", basicAuth())
            .build();
    for (int i = 0; i < 500; i++) {
      if (i > 0 && i % 60 == 0) {
        amplitude.advanceClock("PT10M");
      }
      assertThat(client.send(export, HttpResponse.BodyHandlers.discarding()).statusCode())
          .as("export request %d", i + 1)
          .isEqualTo(202);
    }
    amplitude.advanceClock("PT10M");
  }

  private static Instant firstInstantOf(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static String basicAuth() {
    String credentials = AmplitudeFixture.API_KEY + ":" + AmplitudeFixture.SECRET;
    return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
