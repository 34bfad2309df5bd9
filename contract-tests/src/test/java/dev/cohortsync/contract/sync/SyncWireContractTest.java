package dev.cohortsync.contract.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins what the sync engine puts on the wire, driven through the emulator's control API, to the
 * public contracts: Amplitude's cohort export calls and Segment's {@code /v1/batch} with the
 * identify payload Segment documents for Amplitude's cohort sync.
 */
class SyncWireContractTest {

  private final FakeAmplitudeServer amplitude =
      FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
  private final FakeSegmentServer segment = FakeSegmentServer.start();
  private Emulator emulator;

  @BeforeEach
  void start() {
    emulator = Emulator.create(cfg -> {
      cfg.port = 0;
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

  private void createAndRun(String template) {
    String body = """
        {"id":"wire","cohortIds":["abc123"],"amplitudeApiKey":"%s","amplitudeSecretKey":"%s",
         "amplitudeBaseUrl":"%s","segmentWriteKey":"%s","segmentBaseUrl":"%s","traitKeyTemplate":"%s",
         "runNow":true}
        """.formatted(EngineHarness.API_KEY, EngineHarness.SECRET_KEY, amplitude.baseUri(), EngineHarness.WRITE_KEY,
        segment.baseUri(), template.replace("\"", "\\\""));
    given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON).body(body)
        .post("/_emulator/syncs").then().statusCode(201);
  }

  @Test
  void readsTheCohortThroughTheThreeStepExport() {
    createAndRun("[Amplitude] {name} ({id})");

    assertThat(amplitude.requests()).containsExactly(
        "GET /api/3/cohorts",
        "GET /api/5/cohorts/request/abc123",
        "GET /api/5/cohorts/request-status/rq1",
        "GET /api/5/cohorts/request/rq1/file");
  }

  @Test
  void postsBatchesWithBasicAuthOfTheWriteKey() {
    createAndRun("[Amplitude] {name} ({id})");

    FakeSegmentServer.Batch batch = segment.batches().get(0);
    String expected = "Basic " + Base64.getEncoder()
        .encodeToString((EngineHarness.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));
    assertThat(batch.authorization()).isEqualTo(expected);
    assertThat(batch.contentType()).isEqualTo("application/json");
    assertThat(batch.bytes()).isLessThanOrEqualTo(512_000);
    assertThat(Instant.parse(batch.body().path("sentAt").asText())).isNotNull();
  }

  @Test
  void sendsOneIdentifyPerMemberWithOneBooleanTraitAndTheIntegrationContext() {
    createAndRun("[Amplitude] {name} ({id})");

    List<JsonNode> identifies = segment.acknowledgedIdentifies();
    assertThat(identifies).extracting(identify -> identify.path("userId").asText()).containsExactlyInAnyOrder("u1", "u2");
    for (JsonNode identify : identifies) {
      assertThat(identify.path("type").asText()).isEqualTo("identify");
      assertThat(identify.path("traits").size()).isEqualTo(1);
      assertThat(identify.path("traits").path("[Amplitude] Power Users (abc123)").isBoolean()).isTrue();
      assertThat(identify.path("context").path("integration").path("name").asText()).isEqualTo("Amplitude Cohort Sync");
      assertThat(identify.path("context").path("integration").path("version").asText()).isEqualTo("1.0.0");
      assertThat(identify.path("messageId").asText()).hasSizeBetween(1, 100);
      assertThat(identify.path("timestamp").asText()).endsWith("Z");
      assertThat(identify.has("anonymousId")).isFalse();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // Segment's Amplitude Cohorts source page
      "[Amplitude] {name} ({id}) | [Amplitude] Power Users (abc123)",
      // Amplitude's Segment destination page
      "{name} ({id}) | Power Users (abc123)",
      // Amplitude's partner guide for property-based destinations
      "[Amplitude] {name}: {id} | [Amplitude] Power Users: abc123"})
  void traitKeyFollowsEachDocumentedFormat(String template, String key) {
    createAndRun(template.strip());

    assertThat(segment.acknowledgedIdentifies())
        .allSatisfy(identify -> assertThat(identify.path("traits").fieldNames().next()).isEqualTo(key.strip()));
  }
}
