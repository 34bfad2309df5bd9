package dev.cohortsync.emulator.segment;

import static io.restassured.RestAssured.given;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.time.VirtualClock;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * An emulator on a free loopback port with a frozen clock, for the fake Segment's route tests. The
 * junit5 module's extension cannot be used here because it depends on this module.
 */
final class SegmentTestServer implements AutoCloseable {

  static final String WRITE_KEY = "wk-test-0123456789abcdef01234567";
  static final String OTHER_KEY = "wk-other-0123456789abcdef0123456";
  static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

  private final Emulator emulator;

  private SegmentTestServer(Emulator emulator) {
    this.emulator = emulator;
  }

  /** Starts a server whose Segment settings are adjusted by {@code settings}. */
  static SegmentTestServer start(Consumer<SegmentSettings> settings) {
    Emulator emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.sync.enabled = false;
                  cfg.clock = VirtualClock.frozenAt(START);
                  cfg.segment.sourceWriteKeys.add(WRITE_KEY);
                  cfg.segment.sourceWriteKeys.add(OTHER_KEY);
                  settings.accept(cfg.segment);
                })
            .start();
    return new SegmentTestServer(emulator);
  }

  static SegmentTestServer start() {
    return start(settings -> {});
  }

  Emulator emulator() {
    return emulator;
  }

  FakeSegment segment() {
    return emulator.segment();
  }

  VirtualClock clock() {
    return emulator.clock();
  }

  /** A request to the server with a JSON content type and no credentials. */
  RequestSpecification request() {
    return given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON);
  }

  /** A request carrying {@code writeKey} as Basic auth user with an empty password. */
  RequestSpecification withKey(String writeKey) {
    return request().header("Authorization", basic(writeKey + ":"));
  }

  RequestSpecification withKey() {
    return withKey(WRITE_KEY);
  }

  /**
   * Sends a GET or DELETE with the JDK client. rest-assured 6.0.1 throws instead of returning a 4xx
   * answer to any method but POST when the default locale is Turkish (it lower-cases "FAILURE" with
   * the default locale), and the test JVM runs in that locale on purpose.
   */
  Reply send(String method, String pathAndQuery) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String pathAndQuery) {
    return send("GET", pathAndQuery);
  }

  /** Status and body of a response read with the JDK client. */
  record Reply(int status, String body) {
    JsonPath json() {
      return JsonPath.from(body);
    }
  }

  static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Resets the fake and returns the clock to {@link #START}-relative state (it never goes back).
   */
  void reset() {
    segment().reset();
  }

  @Override
  public void close() {
    emulator.close();
  }
}
