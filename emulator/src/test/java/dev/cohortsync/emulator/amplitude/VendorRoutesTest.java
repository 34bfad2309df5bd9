package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.amplitude.TestHttp.Reply;
import dev.cohortsync.emulator.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VendorRoutesTest {

  private static final String KEY = "key-1";
  private static final String AUTH = TestHttp.basic(KEY, "secret-1");
  private static final VirtualClock CLOCK =
      VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));

  private static Emulator emulator;
  private static FakeAmplitude amplitude;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = CLOCK;
                  cfg.sync.enabled = false;
                  cfg.amplitude.inlineFileMaxMembers = 3;
                  // Lets the tests reach the EU host as http://localhost:<port> without DNS setup.
                  cfg.amplitude.euHostNames = Set.of("localhost");
                })
            .start();
    amplitude = emulator.amplitude();
    http = new TestHttp(emulator.baseUri());
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @BeforeEach
  void createProject() {
    amplitude.reset();
    amplitude.createProject(new AmplitudeProject("Demo", 153957, KEY, "secret-1", Region.US));
    amplitude.upsertUsers(
        KEY,
        List.of(
            new AmplitudeUser(1, "u1", Map.of("plan", "pro", "email", "a@x.io", "user_id", "x")),
            new AmplitudeUser(2, "u2", Map.of("plan", "free")),
            AmplitudeUser.of(3, null)));
  }

  private static String cohort(String id, Long... members) {
    amplitude.createCohort(KEY, new CohortSpec(id, "Cohort " + id, null, List.of(), true));
    amplitude.setMembers(KEY, id, List.of(members));
    return id;
  }

  private static String requestExport(String query) {
    Reply reply = http.get("/api/5/cohorts/request/" + query, "Authorization", AUTH);
    assertThat(reply.status()).as(reply.text()).isEqualTo(202);
    return reply.json().path("request_id").asText();
  }

  private static Reply file(String requestId, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = AUTH;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return http.get("/api/5/cohorts/request/" + requestId + "/file", all);
  }

  @Nested
  class Exports {

    @Test
    void keepsMembersFixedAtRequestTime() {
      cohort("abc1234", 1L, 2L);
      String requestId = requestExport("abc1234");

      amplitude.setMembers(KEY, "abc1234", List.of(3L));
      CLOCK.advance(Duration.ofSeconds(2));

      assertThat(file(requestId).text()).isEqualTo("\"amplitude_id\",\"user_id\"\r\n\"1\",\"u1\"\r\n\"2\",\"u2\"\r\n");
    }

    @Test
    void readsUserIdsAtDownload() {
      cohort("abc1234", 3L);
      String requestId = requestExport("abc1234");

      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(3, "u3")));
      CLOCK.advance(Duration.ofSeconds(2));

      assertThat(file(requestId).text()).endsWith("\"3\",\"u3\"\r\n");
    }

    @Test
    void propsWithoutKeysListsAllSorted() {
      cohort("abc1234", 1L, 2L);
      String requestId = requestExport("abc1234?props=1");
      CLOCK.advance(Duration.ofSeconds(2));

      String header = file(requestId).text().lines().findFirst().orElseThrow();

      // A property named user_id would repeat a fixed column, so it is left out.
      assertThat(header).isEqualTo("\"amplitude_id\",\"user_id\",\"email\",\"plan\"");
    }

    @Test
    void ignoresPropKeysWithoutProps() {
      cohort("abc1234", 1L);
      String requestId = requestExport("abc1234?propKeys=plan");
      CLOCK.advance(Duration.ofSeconds(2));

      assertThat(file(requestId).text()).startsWith("\"amplitude_id\",\"user_id\"\r\n");
    }

    @Test
    void rejectsPropsOtherThanZeroOrOne() {
      cohort("abc1234", 1L);

      Reply reply = http.get("/api/5/cohorts/request/abc1234?props=yes", "Authorization", AUTH);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").path("message").asText()).contains("props");
    }

    @Test
    void gzipsWhenTheClientAcceptsIt() throws IOException {
      cohort("abc1234", 1L, 2L);
      String requestId = requestExport("abc1234");
      CLOCK.advance(Duration.ofSeconds(2));

      Reply reply = file(requestId, "Accept-Encoding", "gzip");

      assertThat(reply.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(gunzip(reply.raw().body())).startsWith("\"amplitude_id\",\"user_id\"\r\n\"1\",\"u1\"");
    }

    @Test
    void sendsPlainCsvWhenGzipIsRefused() {
      cohort("abc1234", 1L);
      String requestId = requestExport("abc1234");
      CLOCK.advance(Duration.ofSeconds(2));

      Reply reply = file(requestId, "Accept-Encoding", "gzip;q=0, identity");

      assertThat(reply.header("Content-Encoding")).isNull();
      assertThat(reply.text()).startsWith("\"amplitude_id\"");
    }

    @Test
    void exportsNeverComputedCohortAsHeaderOnly() {
      amplitude.createCohort(KEY, new CohortSpec("abc1234", "New", null, List.of(), true));
      String requestId = requestExport("abc1234");
      CLOCK.advance(Duration.ofSeconds(2));

      assertThat(file(requestId).text()).isEqualTo("\"amplitude_id\",\"user_id\"\r\n");
    }

    @Test
    void countsDownloadsInTheJobList() {
      cohort("abc1234", 1L);
      String requestId = requestExport("abc1234");
      CLOCK.advance(Duration.ofSeconds(2));

      file(requestId);
      file(requestId);

      ExportJobInfo job = amplitude.exportJobs(KEY).get(0);
      assertThat(job.requestId()).isEqualTo(requestId);
      assertThat(job.downloads()).isEqualTo(2);
      assertThat(job.status()).isEqualTo(ExportJobInfo.Status.COMPLETED);
    }
  }

  @Nested
  class PresignedDownloads {

    private String redirect() {
      cohort("big1234", 1L, 2L, 3L, 4L);
      String requestId = requestExport("big1234");
      CLOCK.advance(Duration.ofSeconds(2));
      Reply reply = file(requestId);
      assertThat(reply.status()).isEqualTo(302);
      return reply.header("Location");
    }

    @Test
    void servesTheFileWithoutBasicAuth() {
      String location = redirect();

      Reply reply = http.get(location);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.text().lines().count()).isEqualTo(5);
    }

    @Test
    void pointsAtTheHostTheClientUsed() {
      String location = redirect();

      assertThat(URI.create(location).getPort()).isEqualTo(emulator.port());
      assertThat(location).contains("X-Amz-Expires=60").contains("X-Amz-Signature=");
    }

    @Test
    void rejectsTamperedSignature() {
      String location = redirect().replaceAll("X-Amz-Expires=60", "X-Amz-Expires=6000");

      Reply reply = http.get(location);

      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.text()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void expiresExactlySixtySecondsAfterIssue() {
      String location = redirect();

      CLOCK.advance(Duration.ofSeconds(59));
      int justBefore = http.get(location).status();
      CLOCK.advance(Duration.ofSeconds(1));
      Reply after = http.get(location);

      assertThat(justBefore).isEqualTo(200);
      assertThat(after.status()).isEqualTo(403);
      assertThat(after.text()).contains("<Code>AccessDenied</Code>");
    }

    @Test
    void noSuchKeyAfterReset() {
      String location = redirect();

      amplitude.reset();

      assertThat(http.get(location).status()).isEqualTo(404);
    }
  }

  @Nested
  class Regions {

    @Test
    void servesEuProjectOnEuHostOnly() {
      amplitude.createProject(new AmplitudeProject("EU", 42, "eu-key", "eu-secret", Region.EU));
      String euBase = "http://localhost:" + emulator.port();
      String auth = TestHttp.basic("eu-key", "eu-secret");

      Reply onEu = http.get(euBase + "/api/3/cohorts", "Authorization", auth);
      Reply onUs = http.get("/api/3/cohorts", "Authorization", auth);

      assertThat(onEu.status()).isEqualTo(200);
      assertThat(onUs.status()).isEqualTo(401);
      assertThat(onUs.json().path("error").path("message").asText()).contains("EU");
    }

    @Test
    void hidesUsProjectFromEuHost() {
      Reply reply = http.get("http://localhost:" + emulator.port() + "/api/3/cohorts", "Authorization", AUTH);

      assertThat(reply.status()).isEqualTo(401);
    }
  }

  @Nested
  class Auth {

    @Test
    void unknownApiKeyIs401WithChallenge() {
      Reply reply = http.get("/api/3/cohorts", "Authorization", TestHttp.basic("nope", "x"));

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void wrongSecretIs403() {
      Reply reply = http.get("/api/3/cohorts", "Authorization", TestHttp.basic(KEY, "undefined"));

      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.json().path("error").path("http_code").asInt()).isEqualTo(403);
    }

    @Test
    void nonBasicSchemeIs401() {
      Reply reply = http.get("/api/3/cohorts", "Authorization", "Bearer abc");

      assertThat(reply.status()).isEqualTo(401);
    }
  }

  @Nested
  class Membership {

    private Reply membership(String body) {
      return http.post("/api/3/cohorts/membership", body, "Authorization", AUTH);
    }

    @Test
    void acceptsByAmpIdAlias() {
      cohort("abc1234", 1L);

      Reply reply =
          membership(
              "{\"cohort_id\":\"abc1234\",\"memberships\":[{\"ids\":[\"2\"],\"id_type\":\"BY_AMP_ID\",\"operation\":\"ADD\"}]}");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("memberships_result").get(0).path("id_type").asText()).isEqualTo("BY_AMP_ID");
      assertThat(amplitude.members(KEY, "abc1234")).containsExactly(1, 2);
    }

    @Test
    void rejectsByUserIdPointingToByName() {
      cohort("abc1234", 1L);

      Reply reply =
          membership(
              "{\"cohort_id\":\"abc1234\",\"memberships\":[{\"ids\":[\"u2\"],\"id_type\":\"BY_USER_ID\",\"operation\":\"ADD\"}]}");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").path("message").asText()).contains("BY_NAME");
      assertThat(reply.json().path("error").path("code").asInt()).isEqualTo(400);
    }

    @Test
    void removesMemberThatHasNoUser() {
      cohort("abc1234", 1L, 99L);

      Reply reply =
          membership(
              "{\"cohort_id\":\"abc1234\",\"memberships\":[{\"ids\":[99],\"id_type\":\"BY_ID\",\"operation\":\"REMOVE\"}]}");

      assertThat(reply.json().path("memberships_result").get(0).path("skipped_ids")).isEmpty();
      assertThat(amplitude.members(KEY, "abc1234")).containsExactly(1);
    }

    @Test
    void appliesOperationsInOrder() {
      cohort("abc1234", 1L);

      membership(
          "{\"cohort_id\":\"abc1234\",\"memberships\":["
              + "{\"ids\":[\"u2\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"},"
              + "{\"ids\":[\"u1\",\"u2\"],\"id_type\":\"BY_NAME\",\"operation\":\"REMOVE\"},"
              + "{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}");

      assertThat(amplitude.members(KEY, "abc1234")).containsExactly(1);
    }

    @Test
    void marksCohortComputedAtTheWrite() {
      amplitude.createCohort(KEY, new CohortSpec("abc1234", "New", null, List.of(), true));

      membership(
          "{\"cohort_id\":\"abc1234\",\"memberships\":[{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}");

      assertThat(amplitude.cohort(KEY, "abc1234").size()).isEqualTo(1);
      assertThat(amplitude.cohort(KEY, "abc1234").lastComputed()).isEqualTo(CLOCK.instant());
    }

    @Test
    void rejectsOtherCountGroup() {
      cohort("abc1234", 1L);

      Reply reply =
          membership(
              "{\"cohort_id\":\"abc1234\",\"count_group\":\"Company\",\"memberships\":[{\"ids\":[\"u1\"],\"id_type\":\"BY_NAME\",\"operation\":\"ADD\"}]}");

      assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void malformedJsonUsesMembershipShape() {
      Reply reply = membership("{\"cohort_id\":");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").has("code")).isTrue();
      assertThat(reply.json().path("error").has("http_code")).isFalse();
    }
  }

  @Nested
  class Upload {

    private Reply upload(String body) {
      return http.post("/api/3/cohorts/upload", body, "Authorization", AUTH);
    }

    @Test
    void replacesMembersOfExistingCohort() {
      cohort("abc1234", 1L);

      Reply reply =
          upload(
              "{\"name\":\"Replaced\",\"app_id\":153957,\"id_type\":\"BY_AMP_ID\",\"ids\":[\"2\",\"3\"],"
                  + "\"owner\":\"o@x.io\",\"published\":false,\"existing_cohort_id\":\"abc1234\"}");

      assertThat(reply.json().path("cohortId").asText()).isEqualTo("abc1234");
      assertThat(amplitude.members(KEY, "abc1234")).containsExactly(2, 3);
      assertThat(amplitude.cohort(KEY, "abc1234").name()).isEqualTo("Replaced");
    }

    @Test
    void rejectsOverlongNameWhenReplacing() {
      cohort("abc1234", 1L);

      Reply reply =
          upload(
              "{\"name\":\"" + "n".repeat(256) + "\",\"app_id\":153957,\"id_type\":\"BY_AMP_ID\","
                  + "\"ids\":[\"2\"],\"owner\":\"o@x.io\",\"published\":true,"
                  + "\"existing_cohort_id\":\"abc1234\"}");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(amplitude.cohort(KEY, "abc1234").name()).isEqualTo("Cohort abc1234");
      assertThat(amplitude.members(KEY, "abc1234")).containsExactly(1);
    }

    @Test
    void validatesWithoutSavingWhenSkipSave() {
      Reply reply =
          upload(
              "{\"name\":\"T\",\"app_id\":153957,\"id_type\":\"BY_USER_ID\",\"ids\":[\"u1\",\"zz\"],"
                  + "\"owner\":\"o@x.io\",\"published\":true,\"skip_save\":true}");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("metadata").path("matched").asInt()).isEqualTo(1);
      assertThat(reply.json().path("metadata").path("invalid_ids_sample").toString()).isEqualTo("[\"zz\"]");
      assertThat(amplitude.cohorts(KEY)).isEmpty();
    }

    @Test
    void rejectsUploadWhereNoIdMatches() {
      Reply reply =
          upload(
              "{\"name\":\"T\",\"app_id\":153957,\"id_type\":\"BY_AMP_ID\",\"ids\":[\"777\",\"x\"],"
                  + "\"owner\":\"o@x.io\",\"published\":true}");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(amplitude.cohorts(KEY)).isEmpty();
    }

    @Test
    void rejectsAppIdOfAnotherApp() {
      Reply reply =
          upload(
              "{\"name\":\"T\",\"app_id\":1,\"id_type\":\"BY_USER_ID\",\"ids\":[\"u1\"],"
                  + "\"owner\":\"o@x.io\",\"published\":true}");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").path("message").asText()).contains("app_id");
    }

    @Test
    void rejectsMissingOwnerNamingIt() {
      Reply reply =
          upload("{\"name\":\"T\",\"app_id\":153957,\"id_type\":\"BY_USER_ID\",\"ids\":[\"u1\"],\"published\":true}");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").path("metadata").path("field").asText()).isEqualTo("owner");
    }
  }

  @Nested
  class Limits {

    @Test
    void rejectsFifthRunningExport() {
      cohort("abc1234", 1L);
      for (int i = 0; i < 4; i++) {
        requestExport("abc1234");
      }

      Reply reply = http.get("/api/5/cohorts/request/abc1234", "Authorization", AUTH);

      assertThat(reply.status()).isEqualTo(429);
      assertThat(reply.header("Retry-After")).isEqualTo("2");
      assertThat(reply.json().path("error").path("metadata").path("limit").asText())
          .isEqualTo("running_exports_per_app");
    }

    @Test
    void rejectsSixthConcurrentRequest() {
      amplitude.holdRequests(KEY);
      List<CompletableFuture<Reply>> held =
          IntStream.range(0, 5)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> http.get("/api/3/cohorts", "Authorization", AUTH)))
              .toList();
      await().atMost(Duration.ofSeconds(10)).until(() -> amplitude.heldRequests(KEY) == 5);

      Reply sixth = http.get("/api/3/cohorts/usage", "Authorization", AUTH);
      amplitude.releaseRequests(KEY);

      assertThat(sixth.status()).isEqualTo(429);
      assertThat(sixth.json().path("error").path("metadata").path("limit").asText())
          .isEqualTo("concurrent_requests_per_project");
      assertThat(held).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(200));
    }

    @Test
    void rejectsUploadAboveIdLimit() {
      StringBuilder ids = new StringBuilder();
      for (int i = 0; i <= 100_000; i++) {
        ids.append(i == 0 ? "" : ",").append('"').append(i).append('"');
      }

      Reply reply =
          http.post(
              "/api/3/cohorts/upload",
              "{\"name\":\"T\",\"app_id\":153957,\"id_type\":\"BY_AMP_ID\",\"ids\":[" + ids
                  + "],\"owner\":\"o@x.io\",\"published\":true}",
              "Authorization", AUTH);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().path("error").path("metadata").path("max").asInt()).isEqualTo(100_000);
    }
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
