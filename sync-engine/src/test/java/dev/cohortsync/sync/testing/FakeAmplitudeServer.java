package dev.cohortsync.sync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback stand-in for Amplitude's cohort API, enough for engine tests: the cohort list and
 * the request / poll / download export flow, with switches for gzip, redirects, slow jobs and 429s.
 * Rows can be a list or a generator, so a two-million-member cohort streams without being stored.
 */
public final class FakeAmplitudeServer implements AutoCloseable {

  /** A CSV row: Amplitude id and user id (empty for members without one). */
  public record Row(String amplitudeId, String userId) {
    public static Row of(String userId) {
      return new Row(Integer.toString(Math.abs(userId.hashCode())), userId);
    }

    public static Row anonymous(String amplitudeId) {
      return new Row(amplitudeId, "");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add about 40 ms to every loopback exchange.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final String expectedAuth;
  private final Map<String, Cohort> cohorts = new ConcurrentHashMap<>();
  private final Map<String, Supplier<Iterator<Row>>> jobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pollsLeft = new ConcurrentHashMap<>();
  private final AtomicInteger requestIds = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> redirectAuthHeaders = new CopyOnWriteArrayList<>();
  private volatile int pollsBeforeCompletion;
  private volatile boolean gzip;
  private volatile boolean redirect;
  private final AtomicInteger rateLimitedListCalls = new AtomicInteger();
  private final AtomicInteger failingExportRequests = new AtomicInteger();

  private static final class Cohort {
    volatile String name;
    volatile boolean archived;
    volatile Long size;
    volatile Supplier<Iterator<Row>> rows;
  }

  private FakeAmplitudeServer(String apiKey, String secretKey) throws IOException {
    this.expectedAuth = "Basic " + Base64.getEncoder()
        .encodeToString((apiKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeAmplitudeServer start(String apiKey, String secretKey) {
    try {
      return new FakeAmplitudeServer(apiKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Sets a cohort's name and members; its size in the list is the number of distinct rows given. */
  public FakeAmplitudeServer cohort(String id, String name, List<Row> rows) {
    List<Row> copy = List.copyOf(rows);
    Cohort cohort = cohorts.computeIfAbsent(id, key -> new Cohort());
    cohort.name = name;
    cohort.size = (long) copy.size();
    cohort.rows = copy::iterator;
    return this;
  }

  /** Sets a cohort whose rows are produced on every download, never stored. */
  public FakeAmplitudeServer streamedCohort(String id, String name, long size, Supplier<Iterator<Row>> rows) {
    Cohort cohort = cohorts.computeIfAbsent(id, key -> new Cohort());
    cohort.name = name;
    cohort.size = size;
    cohort.rows = rows;
    return this;
  }

  public FakeAmplitudeServer members(String id, String name, String... userIds) {
    List<Row> rows = new ArrayList<>();
    for (String userId : userIds) {
      rows.add(Row.of(userId));
    }
    return cohort(id, name, rows);
  }

  public FakeAmplitudeServer archive(String id) {
    cohorts.get(id).archived = true;
    return this;
  }

  public FakeAmplitudeServer unarchive(String id) {
    cohorts.get(id).archived = false;
    return this;
  }

  /** Overrides the size the list reports, without changing the rows. */
  public FakeAmplitudeServer reportedSize(String id, long size) {
    cohorts.get(id).size = size;
    return this;
  }

  public FakeAmplitudeServer pollsBeforeCompletion(int polls) {
    this.pollsBeforeCompletion = polls;
    return this;
  }

  public FakeAmplitudeServer gzip(boolean gzip) {
    this.gzip = gzip;
    return this;
  }

  /** Makes {@code /file} answer 302 to a storage-like URL, as Amplitude does for large cohorts. */
  public FakeAmplitudeServer redirectDownloads(boolean redirect) {
    this.redirect = redirect;
    return this;
  }

  /** The next {@code calls} cohort-list calls answer 429 with Retry-After: 2. */
  public FakeAmplitudeServer rateLimitList(int calls) {
    rateLimitedListCalls.set(calls);
    return this;
  }

  /** The next {@code calls} export requests answer 404. */
  public FakeAmplitudeServer failExportRequests(int calls) {
    failingExportRequests.set(calls);
    return this;
  }

  /** Method and path of every request, in arrival order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Authorization headers seen on redirected downloads (empty string when absent). */
  public List<String> redirectAuthHeaders() {
    return List.copyOf(redirectAuthHeaders);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      if (path.startsWith("/storage/")) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        redirectAuthHeaders.add(auth == null ? "" : auth);
        sendCsv(exchange, jobs.get(path.substring("/storage/".length())));
        return;
      }
      if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        sendJson(exchange, 403, "{\"error\":\"invalid api key or secret\"}");
        return;
      }
      if (path.equals("/api/3/cohorts")) {
        listCohorts(exchange);
      } else if (path.startsWith("/api/5/cohorts/request-status/")) {
        pollStatus(exchange, path.substring("/api/5/cohorts/request-status/".length()));
      } else if (path.startsWith("/api/5/cohorts/request/") && path.endsWith("/file")) {
        String requestId = path.substring("/api/5/cohorts/request/".length(), path.length() - "/file".length());
        if (redirect) {
          exchange.getResponseHeaders().add("Location", "/storage/" + requestId + "?signature=abc");
          exchange.sendResponseHeaders(302, -1);
        } else {
          sendCsv(exchange, jobs.get(requestId));
        }
      } else if (path.startsWith("/api/5/cohorts/request/")) {
        requestExport(exchange, path.substring("/api/5/cohorts/request/".length()));
      } else {
        sendJson(exchange, 404, "{\"error\":\"no such path\"}");
      }
    }
  }

  private void listCohorts(HttpExchange exchange) throws IOException {
    if (rateLimitedListCalls.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      exchange.getResponseHeaders().add("Retry-After", "2");
      sendJson(exchange, 429, "{\"error\":\"rate limit exceeded: 60 requests per 10 minutes\"}");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("cohorts");
    cohorts.forEach((id, cohort) -> {
      ObjectNode item = list.addObject();
      item.put("id", id);
      item.put("name", cohort.name);
      item.put("archived", cohort.archived);
      item.put("size", cohort.size);
      item.put("lastComputed", 1781554538L);
      item.put("appId", 153957);
    });
    sendJson(exchange, 200, body.toString());
  }

  private void requestExport(HttpExchange exchange, String cohortId) throws IOException {
    Cohort cohort = cohorts.get(cohortId);
    if (cohort == null || failingExportRequests.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      sendJson(exchange, 404, "{\"error\":\"cohort not found\"}");
      return;
    }
    String requestId = "rq" + requestIds.incrementAndGet();
    jobs.put(requestId, cohort.rows);
    pollsLeft.put(requestId, new AtomicInteger(pollsBeforeCompletion));
    sendJson(exchange, 202, "{\"request_id\":\"" + requestId + "\",\"cohort_id\":\"" + cohortId + "\"}");
  }

  private void pollStatus(HttpExchange exchange, String requestId) throws IOException {
    AtomicInteger left = pollsLeft.get(requestId);
    if (left == null) {
      sendJson(exchange, 404, "{\"error\":\"unknown request\"}");
    } else if (left.getAndDecrement() > 0) {
      sendJson(exchange, 202, "{\"request_id\":\"" + requestId + "\",\"async_status\":\"JOB INPROGRESS\"}");
    } else {
      sendJson(exchange, 200, "{\"request_id\":\"" + requestId + "\",\"async_status\":\"JOB COMPLETED\"}");
    }
  }

  private void sendCsv(HttpExchange exchange, Supplier<Iterator<Row>> rows) throws IOException {
    if (rows == null) {
      sendJson(exchange, 404, "{\"error\":\"unknown request\"}");
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/csv");
    if (gzip) {
      exchange.getResponseHeaders().add("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(200, 0);
    OutputStream raw = exchange.getResponseBody();
    OutputStream body = gzip ? new GZIPOutputStream(raw, 64 * 1024) : raw;
    try (Writer out = new BufferedWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8), 64 * 1024)) {
      out.write("\"amplitude_id\",\"user_id\"\r\n");
      for (Iterator<Row> it = rows.get(); it.hasNext(); ) {
        Row row = it.next();
        out.write(quote(row.amplitudeId()));
        out.write(',');
        out.write(quote(row.userId()));
        out.write("\r\n");
      }
    }
  }

  private static String quote(String field) {
    return "\"" + field.replace("\"", "\"\"") + "\"";
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
