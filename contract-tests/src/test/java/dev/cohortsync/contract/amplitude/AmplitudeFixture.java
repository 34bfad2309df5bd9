package dev.cohortsync.contract.amplitude;

import static io.restassured.RestAssured.given;

import dev.cohortsync.emulator.EmulatorConfig;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Sets up fake Amplitude state through the control API and builds vendor requests with the
 * project's HTTP Basic credentials.
 */
final class AmplitudeFixture {

  static final String API_KEY = "0123456789abcdef0123456789abcdef";
  static final String SECRET = "fedcba9876543210fedcba9876543210";
  static final long APP_ID = 153957;
  /** A Monday early in a month, so tests that advance the clock stay inside it. */
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final EmulatorExtension emulator;

  AmplitudeFixture(EmulatorExtension emulator) {
    this.emulator = emulator;
  }

  /** Creates an extension whose clock is frozen at {@link #START} and moves only when advanced. */
  static EmulatorExtension emulator(Consumer<EmulatorConfig> more) {
    return EmulatorExtension.create(
        cfg -> {
          cfg.clock = VirtualClock.frozenAt(START);
          cfg.sync.enabled = false;
          more.accept(cfg);
        });
  }

  RequestSpecification control() {
    return given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON);
  }

  /** Starts a request to the vendor routes with the default project's credentials. */
  RequestSpecification vendor() {
    return vendor(API_KEY, SECRET);
  }

  RequestSpecification vendor(String apiKey, String secret) {
    return given()
        .baseUri(emulator.baseUri().toString())
        .auth()
        .preemptive()
        .basic(apiKey, secret);
  }

  /** Starts a request with no credentials at all. */
  RequestSpecification anonymous() {
    return given().baseUri(emulator.baseUri().toString());
  }

  void createProject() {
    createProject(API_KEY, SECRET, APP_ID, "US");
  }

  void createProject(String apiKey, String secret, long appId, String region) {
    control()
        .body(
            "{\"name\":\"Project " + appId + "\",\"appId\":" + appId + ",\"apiKey\":\"" + apiKey
                + "\",\"secretKey\":\"" + secret + "\",\"region\":\"" + region + "\"}")
        .post("/_emulator/amplitude/projects")
        .then()
        .statusCode(201);
  }

  /** Upserts users given as a JSON array of {amplitudeId, userId, properties}. */
  void users(String usersJson) {
    control()
        .body("{\"users\":" + usersJson + "}")
        .post("/_emulator/amplitude/projects/" + API_KEY + "/users")
        .then()
        .statusCode(200);
  }

  /** Creates a cohort from a control API body and returns its id. */
  String cohort(String bodyJson) {
    return control()
        .body(bodyJson)
        .post("/_emulator/amplitude/projects/" + API_KEY + "/cohorts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  void advanceClock(String isoDuration) {
    control()
        .body("{\"by\":\"" + isoDuration + "\"}")
        .post("/_emulator/clock/advance")
        .then()
        .statusCode(200);
  }

  /** Reads the emulator's virtual clock; it persists across the tests of one class. */
  Instant now() {
    return Instant.parse(control().get("/_emulator/clock").then().statusCode(200).extract().path("now"));
  }

  /** Moves the clock to {@code target}, which must not be in the clock's past. */
  void setClock(Instant target) {
    control()
        .body("{\"to\":\"" + target + "\"}")
        .post("/_emulator/clock/set")
        .then()
        .statusCode(200);
  }

  /**
   * Moves the clock to one hour after the start of the next UTC month, so a test has a whole
   * month ahead of it whatever earlier tests did to the clock.
   */
  YearMonth moveToNextMonth() {
    YearMonth next = YearMonth.from(now().atOffset(ZoneOffset.UTC)).plusMonths(1);
    setClock(next.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600));
    return next;
  }

  /** Requests an export and returns its request id. */
  String requestExport(String cohortIdAndQuery) {
    return vendor()
        .get("/api/5/cohorts/request/" + cohortIdAndQuery)
        .then()
        .statusCode(202)
        .extract()
        .path("request_id");
  }

  Response file(String requestId) {
    return vendor().redirects().follow(false).get("/api/5/cohorts/request/" + requestId + "/file");
  }

  Response project() {
    return control().get("/_emulator/amplitude/projects/" + API_KEY);
  }

  EmulatorExtension extension() {
    return emulator;
  }
}
