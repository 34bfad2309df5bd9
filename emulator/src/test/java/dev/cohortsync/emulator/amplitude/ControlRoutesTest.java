package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.amplitude.TestHttp.Reply;
import dev.cohortsync.emulator.time.VirtualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ControlRoutesTest {

  private static final String BASE = "/_emulator/amplitude";
  private static final String PROJECT = BASE + "/projects/key-1";

  private static Emulator emulator;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    VirtualClock clock = VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = clock;
                  cfg.sync.enabled = false;
                })
            .start();
    http = new TestHttp(emulator.baseUri());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @BeforeEach
  void createProject() {
    emulator.amplitude().reset();
    Reply created =
        http.post(
            BASE + "/projects",
            """
            {"name":"Demo","appId":153957,"apiKey":"key-1","secretKey":"secret-1","region":"US"}
            """);
    assertThat(created.status()).isEqualTo(201);
  }

  @Nested
  class Projects {

    @Test
    void listsCreatedProject() {
      JsonNode project = http.get(BASE + "/projects").json().path("projects").get(0);

      assertThat(project.path("apiKey").asText()).isEqualTo("key-1");
      assertThat(project.path("appId").asLong()).isEqualTo(153957);
      assertThat(project.path("region").asText()).isEqualTo("US");
      assertThat(project.path("exportUsage").path("limit").asInt()).isEqualTo(500);
    }

    @Test
    void generatesMissingCredentialsAndAppId() {
      JsonNode project = http.post(BASE + "/projects", "{\"name\":\"Gen\",\"region\":\"eu\"}").json();

      assertThat(project.path("apiKey").asText()).matches("[0-9a-f]{32}");
      assertThat(project.path("secretKey").asText()).matches("[0-9a-f]{32}");
      assertThat(project.path("appId").asLong()).isPositive();
      assertThat(project.path("region").asText()).isEqualTo("EU");
    }

    @Test
    void rejectsDuplicateApiKeyWith409() {
      Reply reply = http.post(BASE + "/projects", "{\"name\":\"Dup\",\"apiKey\":\"key-1\"}");

      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.json().path("error").path("code").asText()).isEqualTo("conflict");
    }

    @Test
    void resetRemovesProjects() {
      Reply reply = http.post(BASE + "/reset", "");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(http.get(BASE + "/projects").json().path("projects")).isEmpty();
    }

    @Test
    void holdIsReportedAndReleased() {
      JsonNode holding = http.post(PROJECT + "/hold", "").json();
      JsonNode released = http.post(PROJECT + "/release", "").json();

      assertThat(holding.path("held").asBoolean()).isTrue();
      assertThat(released.path("held").asBoolean()).isFalse();
    }
  }

  @Nested
  class Cohorts {

    @Test
    void createsCohortWithInitialMembers() {
      Reply reply =
          http.post(
              PROJECT + "/cohorts",
              "{\"id\":\"26umsb5\",\"name\":\"Power Users\",\"owners\":[\"o@x.io\"],"
                  + "\"amplitudeIds\":[3,1,2]}");

      assertThat(reply.status()).isEqualTo(201);
      assertThat(reply.json().path("size").asInt()).isEqualTo(3);
      assertThat(reply.json().path("lastComputed").asText()).isEqualTo("2026-03-02T10:00:00Z");
    }

    @Test
    void createsNeverComputedCohortWithoutMembers() {
      JsonNode cohort = http.post(PROJECT + "/cohorts", "{\"name\":\"Empty\"}").json();

      assertThat(cohort.path("size").isNull()).isTrue();
      assertThat(cohort.path("lastComputed").isNull()).isTrue();
      assertThat(cohort.path("id").asText()).matches("[1-9][a-z0-9]{6}");
    }

    @Test
    void editsMembersAndPagesThem() {
      http.post(PROJECT + "/cohorts", "{\"id\":\"abc1234\",\"name\":\"C\"}");

      http.put(PROJECT + "/cohorts/abc1234/members", "{\"amplitudeIds\":[5,6,7]}");
      http.post(PROJECT + "/cohorts/abc1234/members/add", "{\"amplitudeIds\":[\"8\"]}");
      http.post(PROJECT + "/cohorts/abc1234/members/remove", "{\"amplitudeIds\":[5]}");
      JsonNode page = http.get(PROJECT + "/cohorts/abc1234/members?offset=1&limit=2").json();

      assertThat(page.path("total").asInt()).isEqualTo(3);
      assertThat(page.path("amplitudeIds").toString()).isEqualTo("[7,8]");
    }

    @Test
    void renamesArchivesAndSetsSyncs() {
      http.post(PROJECT + "/cohorts", "{\"id\":\"abc1234\",\"name\":\"C\"}");

      http.post(PROJECT + "/cohorts/abc1234/rename", "{\"name\":\"Renamed\"}");
      http.post(PROJECT + "/cohorts/abc1234/archive", "");
      JsonNode cohort =
          http.put(
                  PROJECT + "/cohorts/abc1234/syncs",
                  "{\"syncs\":[{\"target\":\"segment\",\"frequency\":\"hourly\","
                      + "\"lastSuccessful\":\"2026-03-01T00:00:00Z\",\"params\":{\"api_target\":\"w\"}}]}")
              .json();

      assertThat(cohort.path("name").asText()).isEqualTo("Renamed");
      assertThat(cohort.path("archived").asBoolean()).isTrue();
      assertThat(cohort.path("syncs").get(0).path("frequency").asText()).isEqualTo("hourly");
      assertThat(cohort.path("syncs").get(0).path("enabled").asBoolean()).isTrue();
    }

    @Test
    void upsertsAndListsUsers() {
      http.post(
          PROJECT + "/users",
          "{\"users\":[{\"amplitudeId\":2,\"userId\":\"u2\",\"properties\":{\"plan\":\"pro\",\"seats\":3}},"
              + "{\"amplitudeId\":1,\"userId\":null}]}");

      JsonNode users = http.get(PROJECT + "/users").json();
      JsonNode userTwo = http.get(PROJECT + "/users?userId=u2").json();

      assertThat(users.path("total").asInt()).isEqualTo(2);
      assertThat(users.path("users").get(0).path("amplitudeId").asLong()).isEqualTo(1);
      assertThat(userTwo.path("users").get(0).path("properties").path("seats").asText()).isEqualTo("3");
    }
  }

  record BadRequest(String method, String path, String body, String field) {
    @Override
    public String toString() {
      return method + " " + path + " " + body;
    }
  }

  static final List<BadRequest> BAD_REQUESTS =
      List.of(
          new BadRequest("POST", BASE + "/projects", "{}", "name"),
          // A body that is not JSON at all.
          new BadRequest("POST", BASE + "/projects", "{name", "body"),
          new BadRequest("POST", BASE + "/projects", "{\"name\":\"x\",\"appId\":\"12\"}", "appId"),
          new BadRequest("POST", BASE + "/projects", "{\"name\":\"x\",\"appId\":-1}", "appId"),
          new BadRequest("POST", BASE + "/projects", "{\"name\":\"x\",\"region\":\"APAC\"}", "region"),
          new BadRequest("POST", BASE + "/projects", "{\"name\":\"x\",\"apiKey\":\"a b\"}", "apiKey"),
          new BadRequest("POST", PROJECT + "/users", "{}", "users"),
          new BadRequest("POST", PROJECT + "/users", "{\"users\":[{\"userId\":\"u\"}]}", "users[0].amplitudeId"),
          new BadRequest(
              "POST", PROJECT + "/users", "{\"users\":[{\"amplitudeId\":0}]}", "users[0].amplitudeId"),
          new BadRequest(
              "POST", PROJECT + "/users",
              "{\"users\":[{\"amplitudeId\":1,\"properties\":{\"a\":{}}}]}", "properties.a"),
          new BadRequest("POST", PROJECT + "/cohorts", "{}", "name"),
          // Cohort ids are lower-case letters and digits only.
          new BadRequest("POST", PROJECT + "/cohorts", "{\"id\":\"Bad-Id\",\"name\":\"x\"}", "id"),
          new BadRequest("POST", PROJECT + "/cohorts", "{\"name\":\"x\",\"definition\":[]}", "definition"),
          new BadRequest(
              "POST", PROJECT + "/cohorts", "{\"name\":\"x\",\"amplitudeIds\":[1,-2]}", "amplitudeIds[1]"),
          new BadRequest("PUT", PROJECT + "/cohorts/abc1234/members", "{}", "amplitudeIds"),
          new BadRequest(
              "PUT", PROJECT + "/cohorts/abc1234/members", "{\"amplitudeIds\":[\"x\"]}", "amplitudeIds[0]"),
          new BadRequest("POST", PROJECT + "/cohorts/abc1234/rename", "{\"name\":\"\"}", "name"),
          new BadRequest(
              "PUT", PROJECT + "/cohorts/abc1234/syncs",
              "{\"syncs\":[{\"target\":\"segment\",\"frequency\":\"weekly\"}]}", "syncs[0].frequency"),
          new BadRequest(
              "PUT", PROJECT + "/cohorts/abc1234/syncs",
              "{\"syncs\":[{\"target\":\"segment\",\"frequency\":\"daily\",\"lastFailure\":\"yesterday\"}]}",
              "lastFailure"),
          new BadRequest("GET", PROJECT + "/users?limit=0", null, "limit"));

  @ParameterizedTest
  @FieldSource("BAD_REQUESTS")
  void rejectsBadInputNamingTheField(BadRequest bad) {
    http.post(PROJECT + "/cohorts", "{\"id\":\"abc1234\",\"name\":\"C\",\"amplitudeIds\":[1]}");

    Reply reply =
        switch (bad.method()) {
          case "GET" -> http.get(bad.path());
          case "PUT" -> http.put(bad.path(), bad.body());
          default -> http.post(bad.path(), bad.body());
        };

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("error").path("field").asText()).endsWith(bad.field());
    assertThat(reply.json().path("error").path("fix").asText()).isNotBlank();
    assertThat(emulator.amplitude().members("key-1", "abc1234")).containsExactly(1);
  }

  record Missing(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static final List<Missing> MISSING =
      List.of(
          new Missing("GET", BASE + "/projects/nope", null),
          new Missing("POST", BASE + "/projects/nope/cohorts", "{\"name\":\"x\"}"),
          new Missing("GET", PROJECT + "/cohorts/nosuch1", null),
          new Missing("PUT", PROJECT + "/cohorts/nosuch1/members", "{\"amplitudeIds\":[1]}"),
          new Missing("POST", PROJECT + "/cohorts/nosuch1/archive", ""),
          new Missing("GET", BASE + "/projects/nope/exports", null));

  @ParameterizedTest
  @FieldSource("MISSING")
  void unknownIdsAre404(Missing missing) {
    Reply reply =
        switch (missing.method()) {
          case "GET" -> http.get(missing.path());
          case "PUT" -> http.put(missing.path(), missing.body());
          default -> http.post(missing.path(), missing.body());
        };

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().path("error").path("code").asText()).isEqualTo("not_found");
  }
}
