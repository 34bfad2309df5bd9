package dev.cohortsync.sync.internal;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Builds the engine's HTTP client and Basic credentials. */
public final class HttpClients {

  private HttpClients() {}

  /**
   * HTTP/1.1 (both vendors speak it, and it avoids h2c upgrade attempts on plain-http fakes),
   * and no automatic redirects: the export download follows its redirect itself, without the
   * Amplitude credentials.
   */
  public static HttpClient create(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
