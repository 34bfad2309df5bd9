package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a 2,000,000-member cohort from an emulator whose JVM has a 64 MB heap. The file is
 * about 30 MB and the member array alone takes 16 MB, so the download only fits if the fake
 * streams rows instead of building the file in memory. An OutOfMemoryError ends the server JVM
 * and fails the test.
 */
class LargeExportStreamingTest {

  private static final int MEMBERS = 2_000_000;
  private static final String SERVER_HEAP = "-Xmx64m";

  @TempDir Path tempDir;

  @Test
  void streamsTwoMillionMembersFromSmallHeap() throws Exception {
    Path serverLog = tempDir.resolve("server.log");
    Process server = startServer(serverLog);
    try {
      int port = awaitPort(server, serverLog);
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      String auth =
          TestHttp.basic(LargeExportServer.API_KEY, LargeExportServer.SECRET);

      HttpResponse<String> requested =
          client.send(
              get(base + "/api/5/cohorts/request/" + LargeExportServer.COHORT_ID, auth),
              HttpResponse.BodyHandlers.ofString());
      assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
      String requestId = requested.body().replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");

      HttpResponse<Void> redirect =
          client.send(
              get(base + "/api/5/cohorts/request/" + requestId + "/file", auth),
              HttpResponse.BodyHandlers.discarding());
      assertThat(redirect.statusCode()).isEqualTo(302);
      String location = redirect.headers().firstValue("Location").orElseThrow();

      List<String> sampled = new ArrayList<>();
      long rows = 0;
      HttpResponse<java.io.InputStream> download =
          client.send(
              HttpRequest.newBuilder(URI.create(location)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(download.statusCode()).isEqualTo(200);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(download.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (rows == 0 || rows == 1 || rows == 2 || rows == MEMBERS / 2 || rows == MEMBERS) {
            sampled.add(line);
          }
          rows++;
        }
      }

      assertThat(rows).isEqualTo(MEMBERS + 1);
      assertThat(sampled)
          .containsExactly(
              "\"amplitude_id\",\"user_id\"",
              "\"1\",\"user_first\"",
              "\"2\",\"\"",
              "\"1000000\",\"user_middle\"",
              "\"2000000\",\"user_last\"");
    } finally {
      server.getOutputStream().close();
      boolean exited = server.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        server.destroyForcibly();
      }
      assertThat(exited).as("server JVM stopped").isTrue();
      assertThat(server.exitValue()).as(Files.readString(serverLog)).isZero();
    }
  }

  private Process startServer(Path serverLog) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Surefire may hand the test JVM a manifest-only jar; this property has the real class path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(
            java,
            SERVER_HEAP,
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator),
            LargeExportServer.class.getName(),
            String.valueOf(MEMBERS))
        .redirectError(serverLog.toFile())
        .start();
  }

  private static int awaitPort(Process server, Path serverLog) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("server output; log: %s", Files.readString(serverLog)).startsWith("READY ");
    return Integer.parseInt(line.substring("READY ".length()).trim());
  }

  private static HttpRequest get(String url, String auth) {
    return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build();
  }
}
