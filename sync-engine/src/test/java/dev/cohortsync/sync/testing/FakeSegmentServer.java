package dev.cohortsync.sync.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for Segment's {@code /v1/batch}: records every batch (or, in counting mode,
 * only counts), answers {@code {"success":true}}, and plays scripted failures: error statuses with
 * headers, and connections dropped after the batch was read.
 */
public final class FakeSegmentServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add about 40 ms to every loopback exchange.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
  private static final JsonFactory STREAMING = new JsonFactory();

  /** What the server does with one request. */
  public record Reply(int status, Map<String, String> headers, String body, boolean dropConnection, boolean holdOpen) {
    public static Reply ok() {
      return new Reply(200, Map.of(), "{\"success\":true}", false, false);
    }

    public static Reply status(int status) {
      return new Reply(status, Map.of(), "{\"error\":\"scripted " + status + "\"}", false, false);
    }

    public static Reply status(int status, String header, String value) {
      return new Reply(status, Map.of(header, value), "{\"error\":\"scripted " + status + "\"}", false, false);
    }

    /** Reads and records the batch, then closes the connection without an answer. */
    public static Reply dropAfterReading() {
      return new Reply(0, Map.of(), "", true, false);
    }

    /** Reads and records the batch, then never answers: the request hangs until the server stops. */
    public static Reply hang() {
      return new Reply(0, Map.of(), "", false, true);
    }
  }

  /** One request as received, with the status it was answered (0 when the connection was dropped). */
  public record Batch(String authorization, String contentType, int bytes, JsonNode body, int answeredStatus) {
    public boolean acknowledged() {
      return answeredStatus >= 200 && answeredStatus < 300;
    }

    public List<JsonNode> messages() {
      List<JsonNode> messages = new ArrayList<>();
      body.path("batch").forEach(messages::add);
      return messages;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final boolean countOnly;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Batch> batches = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong countedTrue = new AtomicLong();
  private final AtomicLong countedFalse = new AtomicLong();
  private final AtomicLong countedRequests = new AtomicLong();
  private final AtomicLong maxBatchBytes = new AtomicLong();
  private final AtomicLong maxBatchMessages = new AtomicLong();

  private FakeSegmentServer(boolean countOnly) throws IOException {
    this.countOnly = countOnly;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/batch", this::handle);
    server.start();
  }

  /** Starts a server that keeps every batch. */
  public static FakeSegmentServer start() {
    return create(false);
  }

  /** Starts a server that keeps only counts, for very large syncs. */
  public static FakeSegmentServer startCounting() {
    return create(true);
  }

  private static FakeSegmentServer create(boolean countOnly) {
    try {
      return new FakeSegmentServer(countOnly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues replies for the next requests, in order; after them every request gets 200. */
  public synchronized FakeSegmentServer thenReply(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Queues the same reply for the next {@code times} requests. */
  public synchronized FakeSegmentServer thenReply(int times, Reply reply) {
    for (int i = 0; i < times; i++) {
      script.add(reply);
    }
    return this;
  }

  private synchronized Reply nextReply() {
    Reply reply = script.poll();
    return reply == null ? Reply.ok() : reply;
  }

  public List<Batch> batches() {
    return List.copyOf(batches);
  }

  public void clear() {
    batches.clear();
  }

  /** Drops the replies still queued. */
  public synchronized void clearScript() {
    script.clear();
  }

  /** Every identify of every acknowledged batch, in arrival order, duplicates included. */
  public List<JsonNode> acknowledgedIdentifies() {
    List<JsonNode> identifies = new ArrayList<>();
    for (Batch batch : batches) {
      if (batch.acknowledged()) {
        identifies.addAll(batch.messages());
      }
    }
    return identifies;
  }

  /** Every identify received, whatever the answer, keeping the first copy of each messageId. */
  public List<JsonNode> receivedDeduplicated() {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (Batch batch : batches) {
      for (JsonNode message : batch.messages()) {
        byId.putIfAbsent(message.path("messageId").asText(), message);
      }
    }
    return List.copyOf(byId.values());
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public long countedTrue() {
    return countedTrue.get();
  }

  public long countedFalse() {
    return countedFalse.get();
  }

  public long countedRequests() {
    return countedRequests.get();
  }

  public long maxBatchBytes() {
    return maxBatchBytes.get();
  }

  public long maxBatchMessages() {
    return maxBatchMessages.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      Reply reply = nextReply();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      countedRequests.incrementAndGet();
      if (countOnly) {
        count(exchange.getRequestBody());
      } else {
        byte[] body = exchange.getRequestBody().readAllBytes();
        maxBatchBytes.accumulateAndGet(body.length, Math::max);
        batches.add(new Batch(auth, contentType, body.length, JSON.readTree(body), reply.status()));
      }
      if (reply.dropConnection()) {
        return;
      }
      if (reply.holdOpen()) {
        awaitClose();
        return;
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), answer.length);
      exchange.getResponseBody().write(answer);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Counts trait values with a streaming parser, so nothing of the batch is kept. */
  private void count(InputStream body) throws IOException {
    CountingStream counting = new CountingStream(body);
    long messages = 0;
    try (JsonParser parser = STREAMING.createParser(counting)) {
      int depth = 0;
      boolean inTraits = false;
      int traitsDepth = 0;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
          if (token == JsonToken.START_OBJECT && depth == 3) {
            messages++;
          }
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          if (inTraits && depth == traitsDepth) {
            inTraits = false;
          }
          depth--;
        } else if (token == JsonToken.FIELD_NAME && "traits".equals(parser.currentName()) && depth == 3) {
          inTraits = true;
          traitsDepth = depth + 1;
        } else if (inTraits && token == JsonToken.VALUE_TRUE) {
          countedTrue.incrementAndGet();
        } else if (inTraits && token == JsonToken.VALUE_FALSE) {
          countedFalse.incrementAndGet();
        }
      }
    }
    maxBatchBytes.accumulateAndGet(counting.count, Math::max);
    final long total = messages;
    maxBatchMessages.accumulateAndGet(total, Math::max);
  }

  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = super.read(buffer, offset, length);
      if (read > 0) {
        count += read;
      }
      return read;
    }
  }

  private void awaitClose() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
