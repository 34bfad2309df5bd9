package dev.cohortsync.contract.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/3/cohorts/membership}: ADD and REMOVE operations by Amplitude id
 * ({@code BY_ID}) or user id ({@code BY_NAME}). Errors are
 * {@code {"error":{"message","code","metadata"}}}.
 */
class MembershipContractTest {

  @RegisterExtension static final EmulatorExtension EMULATOR = AmplitudeFixture.emulator(cfg -> {});

  private final AmplitudeFixture amplitude = new AmplitudeFixture(EMULATOR);

  @BeforeEach
  void createProjectAndCohort() {
    amplitude.createProject();
    amplitude.users("[{\"amplitudeId\":1001,\"userId\":\"u1\"},{\"amplitudeId\":1002,\"userId\":\"u2\"}]");
    amplitude.cohort("{\"id\":\"1a2bc3d\",\"name\":\"Target\",\"amplitudeIds\":[1002]}");
  }

  private Response membership(String body) {
    return amplitude
        .vendor()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/3/cohorts/membership");
  }

  private List<Long> members() {
    return amplitude
        .control()
        .get("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/cohorts/1a2bc3d/members")
        .jsonPath()
        .getList("amplitudeIds", Long.class);
  }

  @Test
  void addByNameReturnsDocumentedBody() {
    String body =
        membership(
                "{\"cohort_id\":\"1a2bc3d\",\"memberships\":[{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}")
            .then()
            .statusCode(200)
            .extract()
            .asString();

    assertThat(body)
        .isEqualTo(
            "{\"cohort_id\":\"1a2bc3d\",\"memberships_result\":[{\"skipped_ids\":[],"
                + "\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}");
    assertThat(members()).containsExactly(1001L, 1002L);
  }

  @Test
  void removeByIdDropsMember() {
    membership(
            "{\"cohort_id\":\"1a2bc3d\",\"memberships\":[{\"ids\":[\"1002\"],\"id_type\":\"BY_ID\",\"operation\":\"REMOVE\"}]}")
        .then()
        .statusCode(200);

    assertThat(members()).isEmpty();
  }

  @Test
  void unknownIdIsSkippedByDefault() {
    membership(
            "{\"cohort_id\":\"1a2bc3d\",\"memberships\":[{\"ids\":[\"u1\",\"ghost\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}")
        .then()
        .statusCode(200)
        .body("memberships_result[0].skipped_ids", equalTo(List.of("ghost")));

    assertThat(members()).containsExactly(1001L, 1002L);
  }

  @Test
  void strictModeRejectsUnknownIds() {
    // The 400 for invalid ids carries cohort_id and memberships_result with the skipped ids.
    membership(
            "{\"cohort_id\":\"1a2bc3d\",\"skip_invalid_ids\":false,\"memberships\":["
                + "{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"},"
                + "{\"ids\":[\"ghost\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}")
        .then()
        .statusCode(400)
        .body("error.code", equalTo(400))
        .body("error.message", notNullValue())
        .body("error.metadata.cohort_id", equalTo("1a2bc3d"))
        .body("error.metadata.memberships_result[1].skipped_ids", hasItem("ghost"))
        .body("error.metadata.memberships_result[0].skipped_ids", equalTo(List.of()));

    assertThat(members()).containsExactly(1002L);
  }

  @Test
  void unknownCohortIs404() {
    membership(
            "{\"cohort_id\":\"nosuch1\",\"memberships\":[{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}")
        .then()
        .statusCode(404)
        .body("error.code", equalTo(404))
        .body("error.metadata.cohort_id", equalTo("nosuch1"));
  }

  @Test
  void overlappingWritesGet429() {
    // Amplitude rejects concurrent membership requests on one cohort with 429, which is why
    // Segment's client sends ADD and REMOVE one after the other. Holding the project through
    // the control API keeps the first request in flight, so the second overlaps it for certain.
    amplitude
        .control()
        .post("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/hold")
        .then()
        .statusCode(200);
    CompletableFuture<Response> first =
        CompletableFuture.supplyAsync(
            () ->
                membership(
                    "{\"cohort_id\":\"1a2bc3d\",\"memberships\":[{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> amplitude.project().jsonPath().getInt("heldRequests") == 1);

    Response second =
        membership(
            "{\"cohort_id\":\"1a2bc3d\",\"memberships\":[{\"ids\":[\"u2\"],\"id_type\":\"BY_NAME\",\"operation\":\"REMOVE\"}]}");
    amplitude
        .control()
        .post("/_emulator/amplitude/projects/" + AmplitudeFixture.API_KEY + "/release")
        .then()
        .statusCode(200);

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.jsonPath().getInt("error.code")).isEqualTo(429);
    assertThat(first.join().statusCode()).isEqualTo(200);
    assertThat(members()).containsExactly(1001L, 1002L);
  }
}
