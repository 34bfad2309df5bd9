package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.amplitude.TestHttp.Reply;
import dev.cohortsync.emulator.time.VirtualClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestionTest {

  private static final String KEY = "ingest-key";

  private static Emulator emulator;
  private static FakeAmplitude amplitude;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
                  cfg.sync.enabled = false;
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
    amplitude.createProject(new AmplitudeProject("Ingest", 7, KEY, "secret", Region.US));
  }

  private Reply events(String eventsJson) {
    return http.post("/2/httpapi", "{\"api_key\":\"" + KEY + "\",\"events\":" + eventsJson + "}");
  }

  /** Returns the Amplitude id of a user id, or 0 when no user has it. */
  private static long amplitudeIdOfUser(String userId) {
    Reply reply = http.get("/_emulator/amplitude/projects/" + KEY + "/users?userId=" + userId);
    return reply.json().path("users").path(0).path("amplitudeId").asLong();
  }

  /** Returns the lowest Amplitude id of the project, or 0 when it has no users. */
  private static long firstUserId() {
    Reply reply = http.get("/_emulator/amplitude/projects/" + KEY + "/users");
    return reply.json().path("users").path(0).path("amplitudeId").asLong();
  }

  @Test
  void createsUsersWithGeneratedAmplitudeIds() {
    Reply reply = events("[{\"event_type\":\"Play\",\"user_id\":\"user_1\",\"time\":1772445600000}]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(amplitudeIdOfUser("user_1")).isGreaterThan(100_000_000_000L);
  }

  @Test
  void attachesUserIdToAnonymousDevice() {
    events("[{\"event_type\":\"Open\",\"device_id\":\"device-1\"}]");
    long anonymous = firstUserId();

    events("[{\"event_type\":\"Login\",\"device_id\":\"device-1\",\"user_id\":\"user_9\"}]");

    assertThat(amplitudeIdOfUser("user_9")).isEqualTo(anonymous);
    assertThat(amplitude.user(KEY, anonymous).orElseThrow().userId()).isEqualTo("user_9");
  }

  @Test
  void dropsShortUserIdKeepsEvent() {
    Reply reply = events("[{\"event_type\":\"Play\",\"user_id\":\"abc\",\"device_id\":\"device-2\"}]");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(amplitude.user(KEY, firstUserId()).orElseThrow().userId()).isNull();
  }

  @Test
  void honoursMinIdLengthOption() {
    Reply reply =
        http.post(
            "/2/httpapi",
            "{\"api_key\":\"" + KEY + "\",\"events\":[{\"event_type\":\"Play\",\"user_id\":\"abc\"}],"
                + "\"options\":{\"min_id_length\":3}}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(amplitudeIdOfUser("abc")).isPositive();
  }

  @Test
  void rejectsPlaceholderUserIdWithNothingIngested() {
    Reply reply =
        events(
            "[{\"event_type\":\"Play\",\"user_id\":\"user_1\"},{\"event_type\":\"Play\",\"user_id\":\"undefined\"}]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("events_with_invalid_fields").path("user_id").toString()).isEqualTo("[1]");
    assertThat(amplitudeIdOfUser("user_1")).isZero();
  }

  @Test
  void rejectsBlankUserIdWithNothingIngested() {
    Reply reply =
        events(
            "[{\"event_type\":\"Play\",\"user_id\":\"user_1\"},{\"event_type\":\"Play\",\"user_id\":\"      \"}]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(amplitudeIdOfUser("user_1")).isZero();
  }

  @Test
  void rejectsBlankPropertyKeyWithNothingIngested() {
    Reply reply =
        events(
            "[{\"event_type\":\"Play\",\"user_id\":\"user_1\"},"
                + "{\"event_type\":\"Play\",\"user_id\":\"user_2\",\"user_properties\":{\" \":\"x\"}}]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("events_with_invalid_fields").path("user_properties").toString())
        .isEqualTo("[1]");
    assertThat(amplitudeIdOfUser("user_1")).isZero();
  }

  @Test
  void rejectsTimeThatIsNotEpochMillis() {
    Reply reply = events("[{\"event_type\":\"Play\",\"user_id\":\"user_1\",\"time\":\"2026-03-02\"}]");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("events_with_invalid_fields").has("time")).isTrue();
  }

  @Test
  void rejectsUnknownApiKey() {
    Reply reply = http.post("/2/httpapi", "{\"api_key\":\"nope\",\"events\":[{\"event_type\":\"x\",\"user_id\":\"user_1\"}]}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("error").asText()).startsWith("Invalid API key");
  }

  @Test
  void identifyAppliesOperationsForExport() throws Exception {
    amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(5, "user_5")));

    HttpResponse<String> reply =
        form(
            "api_key=" + KEY + "&identification="
                + URLEncoder.encode(
                    "{\"user_id\":\"user_5\",\"user_properties\":{\"$set\":{\"plan\":\"pro\"},\"$add\":{\"logins\":2}}}",
                    StandardCharsets.UTF_8));

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("success");
    assertThat(amplitude.user(KEY, 5).orElseThrow().properties())
        .containsEntry("plan", "pro")
        .containsEntry("logins", "2");
  }

  @Test
  void identifyWithoutIdentificationIsMissingEvent() throws Exception {
    HttpResponse<String> reply = form("api_key=" + KEY);

    assertThat(reply.statusCode()).isEqualTo(400);
    assertThat(reply.body()).isEqualTo("missing_event");
  }

  private static HttpResponse<String> form(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/identify"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
