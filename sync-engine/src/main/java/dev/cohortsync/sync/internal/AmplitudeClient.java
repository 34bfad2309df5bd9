package dev.cohortsync.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.Sleeper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Amplitude's Behavioral Cohorts API: the cohort list ({@code GET /api/3/cohorts}) and the
 * three-step export (request, poll the status, download the CSV file).
 */
public final class AmplitudeClient {

  private static final Logger log = LoggerFactory.getLogger(AmplitudeClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;

  /** One entry of the cohort list. {@code size} is null for a cohort never computed. */
  public record CohortInfo(String id, String name, boolean archived, Long size) {}

  /** A downloaded export: distinct user ids, and distinct Amplitude ids of members without one. */
  public record Export(SortedIds members, SortedIds skipped, long rows) {}

  private final HttpClient http;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Duration requestTimeout;
  private final Duration pollInterval;
  private final long maxPolls;

  public AmplitudeClient(
      HttpClient http, Backoff backoff, Sleeper sleeper, Duration requestTimeout, Duration pollInterval,
      Duration exportTimeout) {
    this.http = http;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.requestTimeout = requestTimeout;
    this.pollInterval = pollInterval;
    this.maxPolls = Math.max(1, exportTimeout.toMillis() / Math.max(1, pollInterval.toMillis()));
  }

  /** Lists the project's cohorts. */
  public List<CohortInfo> listCohorts(AmplitudeSource source) {
    URI uri = URI.create(source.baseUri() + "/api/3/cohorts");
    HttpResponse<InputStream> response = get(uri, source, "list cohorts");
    JsonNode body = readJson(response, uri, "list cohorts");
    if (response.statusCode() != 200) {
      throw failure("list cohorts", uri, response.statusCode(), body.toString(), source);
    }
    JsonNode cohorts = body.path("cohorts");
    if (!cohorts.isArray()) {
      throw new AmplitudeException(
          "list cohorts (GET " + uri + ") returned no \"cohorts\" array; check that the base URI points at"
              + " Amplitude's REST host");
    }
    List<CohortInfo> list = new ArrayList<>();
    for (JsonNode cohort : cohorts) {
      JsonNode size = cohort.path("size");
      list.add(new CohortInfo(
          cohort.path("id").asText(),
          cohort.path("name").asText(""),
          cohort.path("archived").asBoolean(false),
          size.isNumber() ? size.asLong() : null));
    }
    return list;
  }

  /**
   * Exports a cohort's members: requests the export, polls until it completes and streams the
   * CSV file into compact sorted sets, so the file never sits in memory whole.
   */
  public Export export(AmplitudeSource source, String cohortId, Runnable heartbeat) {
    URI requestUri = URI.create(source.baseUri() + "/api/5/cohorts/request/" + segment(cohortId));
    HttpResponse<InputStream> response = get(requestUri, source, "request export");
    JsonNode body = readJson(response, requestUri, "request export");
    if (response.statusCode() != 202 && response.statusCode() != 200) {
      throw failure("request export of cohort " + cohortId, requestUri, response.statusCode(), body.toString(), source);
    }
    String requestId = body.path("request_id").asText("");
    if (requestId.isEmpty()) {
      throw new AmplitudeException(
          "request export of cohort " + cohortId + " (GET " + requestUri + ") returned no request_id: " + body);
    }
    awaitCompletion(source, cohortId, requestId, heartbeat);
    return download(source, cohortId, requestId);
  }

  private void awaitCompletion(AmplitudeSource source, String cohortId, String requestId, Runnable heartbeat) {
    URI statusUri = URI.create(source.baseUri() + "/api/5/cohorts/request-status/" + segment(requestId));
    for (long poll = 1; poll <= maxPolls; poll++) {
      HttpResponse<InputStream> response = get(statusUri, source, "poll export status");
      String body = snippet(response);
      if (response.statusCode() == 200) {
        return;
      }
      if (response.statusCode() != 202) {
        throw failure(
            "export of cohort " + cohortId + " (request " + requestId + ")", statusUri, response.statusCode(), body, source);
      }
      heartbeat.run();
      try {
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AmplitudeException("interrupted while waiting for the export of cohort " + cohortId);
      }
    }
    throw new AmplitudeException(
        "export of cohort " + cohortId + " (request " + requestId + ") was still in progress after "
            + maxPolls + " polls " + pollInterval.toSeconds() + " s apart; raise the export timeout or try later");
  }

  private Export download(AmplitudeSource source, String cohortId, String requestId) {
    URI fileUri = URI.create(source.baseUri() + "/api/5/cohorts/request/" + segment(requestId) + "/file");
    HttpResponse<InputStream> response = get(fileUri, source, "download export");
    URI at = fileUri;
    int redirects = 0;
    while (isRedirect(response.statusCode())) {
      Optional<String> location = response.headers().firstValue("Location");
      snippet(response);
      if (location.isEmpty() || ++redirects > MAX_REDIRECTS) {
        throw new AmplitudeException(
            "download of cohort " + cohortId + " (GET " + at + ") redirected "
                + (location.isEmpty() ? "without a Location header" : "more than " + MAX_REDIRECTS + " times"));
      }
      at = at.resolve(location.get());
      // The redirect target is a pre-signed storage URL: it must not receive the Amplitude credentials.
      response = get(at, null, "download export from redirect");
    }
    if (response.statusCode() != 200) {
      throw failure("download of cohort " + cohortId, at, response.statusCode(), snippet(response), source);
    }
    try (InputStream body = decode(response)) {
      return parse(body, cohortId);
    } catch (IOException e) {
      throw new AmplitudeException("download of cohort " + cohortId + " (GET " + at + ") broke off: " + e.getMessage(), e);
    }
  }

  private static Export parse(InputStream body, String cohortId) {
    SortedIds.Builder members = new SortedIds.Builder();
    SortedIds.Builder skipped = new SortedIds.Builder();
    long rows = 0;
    try (CsvReader<CsvRecord> csv = CsvReader.builder().detectBomHeader(true).allowExtraFields(true)
        .ofCsvRecord(body, StandardCharsets.UTF_8)) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        throw new AmplitudeException("export of cohort " + cohortId + " is empty: the CSV has no header row");
      }
      List<String> header = records.next().getFields();
      int userColumn = header.indexOf("user_id");
      int amplitudeColumn = header.indexOf("amplitude_id");
      if (userColumn < 0 || amplitudeColumn < 0) {
        throw new AmplitudeException(
            "export of cohort " + cohortId + " has no \"amplitude_id\" and \"user_id\" columns; its header is " + header);
      }
      while (records.hasNext()) {
        CsvRecord record = records.next();
        rows++;
        String userId = field(record, userColumn);
        if (userId.isBlank()) {
          skipped.add(field(record, amplitudeColumn), 0);
        } else {
          members.add(userId, 0);
        }
      }
    } catch (CsvParseException e) {
      throw new AmplitudeException("export of cohort " + cohortId + " is not valid CSV: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new AmplitudeException("download of cohort " + cohortId + " broke off: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new AmplitudeException("download of cohort " + cohortId + " broke off: " + e.getMessage(), e);
    }
    return new Export(members.build(), skipped.build(), rows);
  }

  private static String field(CsvRecord record, int column) {
    return column < record.getFieldCount() ? record.getField(column) : "";
  }

  /** Unwraps a gzip body, whether announced by Content-Encoding or only by its magic bytes. */
  private static InputStream decode(HttpResponse<InputStream> response) throws IOException {
    BufferedInputStream in = new BufferedInputStream(response.body(), 64 * 1024);
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** GETs a URI, retrying 408, 429, 5xx other than 501, and connection failures. */
  private HttpResponse<InputStream> get(URI uri, AmplitudeSource credentials, String call) {
    int attempt = 0;
    while (true) {
      attempt++;
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET()
          .header("User-Agent", "cohort-sync-engine/" + IdentifyWriter.INTEGRATION_VERSION);
      if (credentials != null) {
        request.header("Authorization", HttpClients.basic(credentials.apiKey(), credentials.secretKey()));
      }
      String failure;
      Optional<String> retryAfter = Optional.empty();
      try {
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (!Backoff.retryableStatus(response.statusCode()) || attempt > backoff.maxRetries()) {
          return response;
        }
        retryAfter = response.headers().firstValue("Retry-After");
        failure = "HTTP " + response.statusCode() + " " + snippet(response);
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (attempt > backoff.maxRetries()) {
          throw new AmplitudeException(
              call + " (GET " + uri + ") failed after " + attempt + " attempts: " + failure
                  + "; check that Amplitude is reachable at this base URI", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AmplitudeException(call + " (GET " + uri + ") was interrupted");
      }
      log.info("{} (GET {}) failed ({}); retry {} of {}", call, uri, failure, attempt, backoff.maxRetries());
      try {
        backoff.pause(attempt, retryAfter);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AmplitudeException(call + " (GET " + uri + ") was interrupted");
      }
    }
  }

  private static JsonNode readJson(HttpResponse<InputStream> response, URI uri, String call) {
    try (InputStream body = response.body()) {
      byte[] bytes = body.readAllBytes();
      if (bytes.length == 0) {
        return JSON.createObjectNode();
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException notJson) {
        if (response.statusCode() / 100 != 2) {
          return JSON.getNodeFactory().textNode(new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8));
        }
        throw new AmplitudeException(call + " (GET " + uri + ") returned a body that is not JSON");
      }
    } catch (IOException e) {
      throw new AmplitudeException(call + " (GET " + uri + ") broke off: " + e.getMessage(), e);
    }
  }

  private static String snippet(HttpResponse<InputStream> response) {
    try {
      return SegmentSender.readSnippet(response.body());
    } catch (IOException e) {
      return "(body unreadable: " + e.getMessage() + ")";
    }
  }

  private static AmplitudeException failure(String call, URI uri, int status, String body, AmplitudeSource source) {
    String hint = switch (status) {
      case 401, 403 -> "; check the API key (" + dev.cohortsync.sync.Secrets.mask(source.apiKey())
          + ") and the secret key, and that they belong to this region's host";
      case 404 -> "; check the cohort id and the host's region";
      case 429 -> "; Amplitude's rate or monthly quota limit was hit after every retry, try again later";
      default -> "";
    };
    return new AmplitudeException(call + " failed: GET " + uri + " returned HTTP " + status
        + (body == null || body.isEmpty() ? "" : " " + body) + hint);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
