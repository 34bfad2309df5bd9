package dev.cohortsync.contract.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three-step download: {@code GET /api/5/cohorts/request/:cohort_id} starts a job,
 * {@code /request-status/:request_id} returns 202 until it is done and 200 after, and
 * {@code /request/:request_id/file} returns the CSV or, for large files, a 302 to a pre-signed
 * URL that lives one minute while the /file link itself lasts 7 days.
 */
class ExportContractTest {

  /** Files with more members than this redirect in this suite. */
  private static final int INLINE_MAX = 3;

  @RegisterExtension
  static final EmulatorExtension EMULATOR =
      AmplitudeFixture.emulator(cfg -> cfg.amplitude.inlineFileMaxMembers = INLINE_MAX);

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProjectAndCohorts() {
    amplitude.createProject();
    amplitude.users(
        """
        [{"amplitudeId":356896327775,"userId":"user_1","properties":{"email":"a@x.io","plan":"pro"}},
         {"amplitudeId":356896327776,"userId":"user_2","properties":{"plan":"free"}},
         {"amplitudeId":356896327777,"userId":null}]
        """);
    amplitude.cohort(
        "{\"id\":\"26umsb5\",\"name\":\"Three\",\"amplitudeIds\":[356896327775,356896327776,356896327777]}");
    amplitude.cohort("{\"id\":\"9apg8e8f\",\"name\":\"Four\",\"amplitudeIds\":[1,2,3,4]}");
  }

  @Test
  void requestReturns202WithIds() {
    // Documented: 202 with request_id (6 letters or digits, like qfaZya) and cohort_id.
    amplitude
        .vendor()
        .get("/api/5/cohorts/request/26umsb5")
        .then()
        .statusCode(202)
        .body("request_id", matchesPattern("[A-Za-z0-9]{6}"))
        .body("cohort_id", equalTo("26umsb5"));
  }

  @Test
  void requestCountsTowardsMonthlyUsage() {
    amplitude.requestExport("26umsb5");

    amplitude.vendor().get("/api/3/cohorts/usage").then().body("count", equalTo(1));
  }

  @Test
  void propKeysSetColumnOrder() throws Exception {
    // props=1 adds user properties; repeated propKeys pick them. Column order follows propKeys.
    String requestId = amplitude.requestExport("26umsb5?props=1&propKeys=email&propKeys=plan");
    amplitude.advanceClock("PT2S");

    List<CsvRecord> rows = csv(amplitude.file(requestId).then().statusCode(200).extract().asString());

    assertThat(rows.get(0).getFields()).containsExactly("amplitude_id", "user_id", "email", "plan");
    assertThat(rows.get(1).getFields()).containsExactly("356896327775", "user_1", "a@x.io", "pro");
    assertThat(rows.get(2).getFields()).containsExactly("356896327776", "user_2", "", "free");
  }

  @Test
  void unknownCohortIs404() {
    // Docs only say "an error". The fake responds with 404 and a JSON error.
    amplitude
        .vendor()
        .get("/api/5/cohorts/request/nosuch1")
        .then()
        .statusCode(404)
        .body("error.message", containsString("nosuch1"));
  }

  @Test
  void statusIs202WhileRunning() {
    String requestId = amplitude.requestExport("26umsb5");

    amplitude
        .vendor()
        .get("/api/5/cohorts/request-status/" + requestId)
        .then()
        .statusCode(202)
        .body("request_id", equalTo(requestId))
        .body("cohort_id", equalTo("26umsb5"))
        .body("async_status", equalTo("JOB INPROGRESS"));
  }

  @Test
  void statusIs200WhenDone() {
    String requestId = amplitude.requestExport("26umsb5");
    amplitude.advanceClock("PT2S");

    amplitude
        .vendor()
        .get("/api/5/cohorts/request-status/" + requestId)
        .then()
        .statusCode(200)
        .body("request_id", equalTo(requestId))
        .body("cohort_id", equalTo("26umsb5"))
        .body("async_status", equalTo("JOB COMPLETED"));
  }

  @Test
  void unknownRequestStatusIs404() {
    amplitude.vendor().get("/api/5/cohorts/request-status/unknown").then().statusCode(404);
  }

  @Test
  void fileBeforeCompletionIs400() {
    // Third-party clients report that /file fails before JOB COMPLETED; 400 is the fake's choice.
    String requestId = amplitude.requestExport("26umsb5");

    amplitude
        .file(requestId)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error.message", containsString("JOB INPROGRESS"));
  }

  @Test
  void fileQuotesFieldsAndBlanksAnonymous() {
    // The file is CSV with a quoted header row; members without user_id have an empty field.
    String requestId = amplitude.requestExport("26umsb5");
    amplitude.advanceClock("PT2S");

    Response file = amplitude.file(requestId);

    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.contentType()).startsWith("text/csv");
    assertThat(file.asString())
        .isEqualTo(
            "\"amplitude_id\",\"user_id\"\r\n"
                + "\"356896327775\",\"user_1\"\r\n"
                + "\"356896327776\",\"user_2\"\r\n"
                + "\"356896327777\",\"\"\r\n");
  }

  @Test
  void largeFileRedirectsForOneMinute() {
    // Large files redirect (302) to a pre-signed URL that expires after 1 minute, then 403 as
    // S3 does.
    String requestId = amplitude.requestExport("9apg8e8f");
    amplitude.advanceClock("PT2S");

    Response redirect = amplitude.file(requestId);
    String location = redirect.header("Location");
    String within =
        amplitude.anonymous().get(location).then().statusCode(200).extract().asString();
    amplitude.advanceClock("PT60S");

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(within.lines()).hasSize(5).first().isEqualTo("\"amplitude_id\",\"user_id\"");
    amplitude.anonymous().get(location).then().statusCode(403).body(containsString("AccessDenied"));
  }

  @Test
  void fileLinkRedirectsAgainWithinSevenDays() {
    String requestId = amplitude.requestExport("9apg8e8f");
    amplitude.advanceClock("PT2S");
    String first = amplitude.file(requestId).header("Location");
    amplitude.advanceClock("P6D");

    String later = amplitude.file(requestId).then().statusCode(302).extract().header("Location");

    assertThat(later).isNotEqualTo(first);
    amplitude.anonymous().get(later).then().statusCode(200);
  }

  @Test
  void fileLinkGoneAfterSevenDays() {
    // The /file link is documented as reusable for 7 days; after that the fake answers 410.
    String requestId = amplitude.requestExport("26umsb5");
    amplitude.advanceClock("PT2S");
    amplitude.file(requestId).then().statusCode(200);
    amplitude.advanceClock("P8D");

    amplitude
        .file(requestId)
        .then()
        .statusCode(410)
        .body("error.message", notNullValue());
  }

  private static List<CsvRecord> csv(String text) throws Exception {
    try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(text)) {
      return reader.stream().toList();
    }
  }
}
