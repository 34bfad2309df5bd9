package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.segment.BatchOverflow;
import dev.cohortsync.emulator.segment.RejectionReason;
import dev.cohortsync.emulator.segment.SegmentFault;
import dev.cohortsync.emulator.segment.SegmentSettings;
import dev.cohortsync.emulator.segment.WriteKeyMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one Tracking API request from raw body to response: faults, size limits, gzip, JSON,
 * write key, rate limit, per-message validation, normalization, dedupe and storage.
 *
 * <p>Everything a 2xx acknowledges is in the store before this method returns, so the inspection
 * routes return it as soon as the client reads the response.
 */
final class IngestPipeline {

  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  private static final String SUCCESS = "{\"success\":true}";

  // Segment's edge is written in Go, whose JSON decoder keeps the last of duplicate keys, so
  // tracking bodies are read without the shared mapper's duplicate-key check.
  private static final ObjectReader READER =
      JsonMapper.builder().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().reader();

  private final SegmentSettings settings;
  private final Clock clock;
  private final Components parts;
  private final BodyReader bodyReader;
  private final MessageValidator validator;
  private final MessageNormalizer normalizer;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong faultResponses = new AtomicLong();

  IngestPipeline(SegmentSettings settings, Clock clock, Components parts) {
    this.settings = settings;
    this.clock = clock;
    this.parts = parts;
    this.bodyReader = new BodyReader(settings.sizeLimitBasis, settings.maxInflatedBodyBytes);
    this.validator = new MessageValidator(settings.maxMessageIdLength);
    this.normalizer = new MessageNormalizer(settings.clockSkewCorrection);
  }

  /** The state the pipeline reads and writes, shared with the inspection routes. */
  record Components(
      SourceRegistry sources,
      MessageIdWindow dedupe,
      RateLimiter rateLimiter,
      EventStore store,
      RejectedLog rejected,
      FaultQueue faults,
      EventWaiters waiters) {}

  TrackingResponse handle(
      TrackingRoute route, String authorization, String contentEncoding, InputStream body) {
    requests.incrementAndGet();
    SegmentFault fault = parts.faults().take();
    if (fault != null && !fault.afterStore()) {
      BodyReader.discard(body);
      return faultResponse(fault);
    }
    Request request = new Request(route, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    TrackingResponse response;
    try {
      response = process(request, authorization, contentEncoding, body);
    } catch (RequestRejection rejection) {
      parts
          .rejected()
          .add(
              request.receivedAt,
              rejection.reason(),
              rejection.status(),
              request.writeKey,
              route.path(),
              -1,
              rejection.field(),
              textNode(rejection.value()),
              rejection.getMessage(),
              null);
      log.debug(
          "segment {} from key {} got status {}: {}",
          route.path(),
          WriteKeys.mask(request.writeKey),
          rejection.status(),
          rejection.reason().code());
      response = error(rejection.status(), rejection.reason().code(), rejection.getMessage());
    }
    return fault == null ? response : faultResponse(fault);
  }

  long requests() {
    return requests.get();
  }

  long rateLimited() {
    return rateLimited.get();
  }

  long faultResponses() {
    return faultResponses.get();
  }

  void resetCounters() {
    requests.set(0);
    rateLimited.set(0);
    faultResponses.set(0);
  }

  private TrackingResponse process(
      Request request, String authorization, String contentEncoding, InputStream body)
      throws RequestRejection {
    TrackingRoute route = request.route;
    int limit = route.isBatch() ? settings.maxBatchRequestBytes : settings.maxSingleRequestBytes;
    ObjectNode root = parseObject(bodyReader.read(body, contentEncoding, limit));

    WriteKeys.Resolved resolved =
        WriteKeys.resolve(authorization, root.get("writeKey"), settings.headerWriteKeyWins);
    String writeKey = resolved.key();
    if (writeKey == null) {
      if (settings.rejectMissingWriteKey) {
        throw new RequestRejection(
            400,
            RejectionReason.MISSING_WRITE_KEY,
            "writeKey",
            null,
            "missing write key: "
                + resolved.problem()
                + "; send Authorization: Basic"
                + " base64(<writeKey>:) or \"writeKey\" in the JSON body");
      }
      writeKey = "";
    }
    request.writeKey = writeKey;

    long waitSeconds = parts.rateLimiter().acquire(writeKey);
    if (waitSeconds > 0) {
      rateLimited.incrementAndGet();
      return rateLimitedResponse(writeKey, waitSeconds);
    }
    boolean known =
        settings.writeKeyMode == WriteKeyMode.ACCEPT || parts.sources().contains(writeKey);
    if (!known && settings.writeKeyMode == WriteKeyMode.REJECT) {
      throw new RequestRejection(
          401,
          RejectionReason.UNKNOWN_WRITE_KEY,
          "writeKey",
          WriteKeys.mask(writeKey),
          "write key "
              + WriteKeys.mask(writeKey)
              + " is not a registered source; register it"
              + " with POST /_emulator/segment/sources {\"writeKey\":\"...\"}, or set"
              + " cfg.segment.writeKeyMode to DROP or ACCEPT");
    }

    Batch batch = route.isBatch() ? batchOf(root) : Batch.single(root, route.type());
    List<Drop> invalid = validate(batch);
    if (settings.strictValidation && !invalid.isEmpty()) {
      record(request, invalid, 400);
      return strictFailure(batch, invalid);
    }
    List<Drop> drops = new ArrayList<>(invalid);
    List<NewEvent> accepted = new ArrayList<>();
    ObjectNode envelope = route.isBatch() ? root : null;
    for (Candidate candidate : batch.valid) {
      if (!known) {
        drops.add(
            new Drop(
                candidate.index,
                candidate.message,
                new Violation(
                    RejectionReason.UNKNOWN_WRITE_KEY,
                    "writeKey",
                    textNode(WriteKeys.mask(writeKey)),
                    "write key "
                        + WriteKeys.mask(writeKey)
                        + " is not a registered source, so Segment"
                        + " drops its events; register it with POST /_emulator/segment/sources")));
        continue;
      }
      MessageNormalizer.Normalized normalized =
          normalizer.normalize(candidate.message, candidate.type, envelope, request.receivedAt);
      if (!parts.dedupe().firstSighting(normalized.messageId(), writeKey, request.receivedAt)) {
        drops.add(
            new Drop(
                candidate.index,
                candidate.message,
                new Violation(
                    RejectionReason.DUPLICATE_MESSAGE_ID,
                    "messageId",
                    textNode(normalized.messageId()),
                    "a message with this messageId arrived within the dedupe window ("
                        + settings.dedupeWindow
                        + "), so this copy is dropped")));
        continue;
      }
      accepted.add(newEvent(request, candidate.type, writeKey, normalized));
    }
    parts.store().append(accepted);
    record(request, drops, 200);
    if (!accepted.isEmpty()) {
      parts.waiters().onAppend();
    }
    log.debug(
        "segment {} from key {}: {} stored, {} dropped",
        route.path(),
        WriteKeys.mask(writeKey),
        accepted.size(),
        drops.size());
    return new TrackingResponse(200, Map.of(), SUCCESS);
  }

  private ObjectNode parseObject(byte[] raw) throws RequestRejection {
    JsonNode node;
    try {
      node = READER.readTree(raw);
    } catch (JsonProcessingException e) {
      throw RequestRejection.badRequest(
          RejectionReason.INVALID_JSON,
          "invalid JSON: "
              + RejectedLog.truncate(e.getOriginalMessage())
              + "; send one JSON object as the body");
    } catch (IOException e) {
      throw RequestRejection.badRequest(
          RejectionReason.INVALID_JSON, "the body cannot be read: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw RequestRejection.badRequest(
          RejectionReason.INVALID_JSON, "invalid JSON: the body is empty; send one JSON object");
    }
    if (!node.isObject()) {
      throw RequestRejection.badRequest(
          RejectionReason.BODY_NOT_OBJECT,
          "the body is a JSON "
              + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", not an object; send one JSON object");
    }
    return (ObjectNode) node;
  }

  private Batch batchOf(ObjectNode root) throws RequestRejection {
    JsonNode items = root.get("batch");
    if (items != null && !items.isNull() && !items.isArray()) {
      throw new RequestRejection(
          400,
          RejectionReason.BATCH_NOT_ARRAY,
          "batch",
          items.getNodeType().name(),
          "batch must be a JSON array of messages, for example {\"batch\":[{\"type\":\"track\","
              + "...}]}");
    }
    ArrayNode array =
        items == null || items.isNull() ? Json.MAPPER.createArrayNode() : (ArrayNode) items;
    for (int i = 0; i < array.size(); i++) {
      int size = compactSize(array.get(i));
      if (size > settings.maxBatchItemBytes) {
        throw new RequestRejection(
            400,
            RejectionReason.MESSAGE_TOO_LARGE,
            "batch[" + i + "]",
            size + " bytes",
            "payload too large: message "
                + i
                + " of the batch is "
                + size
                + " bytes; each"
                + " message may be at most "
                + settings.maxBatchItemBytes
                + " bytes");
      }
    }
    Batch batch = new Batch();
    if (array.isEmpty()) {
      batch.drops.add(
          new Drop(
              -1,
              null,
              new Violation(
                  RejectionReason.EMPTY_BATCH,
                  "batch",
                  null,
                  "the batch has no messages; send at least one")));
      return batch;
    }
    int keep = array.size();
    if (array.size() > settings.maxBatchEvents) {
      keep = settings.batchOverflow == BatchOverflow.DROP_ALL ? 0 : settings.maxBatchEvents;
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      if (i >= keep) {
        batch.drops.add(
            new Drop(
                i,
                item,
                new Violation(
                    RejectionReason.TOO_MANY_EVENTS,
                    "batch",
                    null,
                    "the batch has "
                        + array.size()
                        + " messages; send at most "
                        + settings.maxBatchEvents
                        + " per batch")));
      } else if (!item.isObject()) {
        batch.drops.add(
            new Drop(
                i,
                null,
                new Violation(
                    RejectionReason.MESSAGE_NOT_OBJECT,
                    "batch[" + i + "]",
                    item,
                    "each batch message must be a JSON object")));
      } else {
        Violation typeProblem = MessageValidator.typeViolation(item);
        if (typeProblem != null) {
          batch.drops.add(new Drop(i, item, typeProblem));
        } else {
          MessageType type = MessageType.fromWireName(item.get("type").asText());
          batch.valid.add(new Candidate(i, (ObjectNode) item, type));
        }
      }
    }
    return batch;
  }

  /** Moves the candidates that fail validation to the batch's drops and returns all drops. */
  private List<Drop> validate(Batch batch) {
    List<Drop> drops = new ArrayList<>(batch.drops);
    List<Candidate> valid = new ArrayList<>();
    for (Candidate candidate : batch.valid) {
      Violation violation = validator.validate(candidate.message, candidate.type);
      if (violation == null) {
        valid.add(candidate);
      } else {
        drops.add(new Drop(candidate.index, candidate.message, violation));
      }
    }
    batch.valid.clear();
    batch.valid.addAll(valid);
    return drops;
  }

  private void record(Request request, List<Drop> drops, int status) {
    for (Drop drop : drops) {
      parts
          .rejected()
          .add(
              request.receivedAt,
              drop.violation.reason(),
              status,
              request.writeKey,
              request.route.path(),
              drop.index,
              drop.violation.field(),
              drop.violation.value(),
              drop.violation.detail(),
              drop.message);
    }
  }

  private NewEvent newEvent(
      Request request, MessageType type, String writeKey, MessageNormalizer.Normalized normalized) {
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(normalized.message());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a parsed message cannot be written back as JSON", e);
    }
    return new NewEvent(
        type,
        request.route,
        writeKey,
        request.receivedAt.toEpochMilli(),
        normalized.userId(),
        normalized.anonymousId(),
        normalized.messageId(),
        normalized.event(),
        json);
  }

  private static int compactSize(JsonNode item) {
    try {
      return Json.MAPPER.writeValueAsBytes(item).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a parsed message cannot be written back as JSON", e);
    }
  }

  private TrackingResponse strictFailure(Batch batch, List<Drop> invalid) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (Drop drop : invalid) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("index", drop.index);
      error.put("reason", drop.violation.reason().code());
      error.put("field", drop.violation.field());
      JsonNode value = drop.violation.value();
      error.put(
          "value",
          value == null
              ? null
              : RejectedLog.truncate(value.isTextual() ? value.asText() : value.toString()));
      error.put("message", drop.violation.detail());
      errors.add(error);
    }
    int total = batch.valid.size() + invalid.size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("code", RejectionReason.VALIDATION_FAILED.code());
    body.put(
        "message",
        invalid.size()
            + " of "
            + total
            + " messages are invalid, so nothing was stored"
            + " (strict validation is on: cfg.segment.strictValidation)");
    body.put("errors", errors);
    return new TrackingResponse(400, Map.of(), json(body));
  }

  private static TrackingResponse rateLimitedResponse(String writeKey, long waitSeconds) {
    String seconds = Long.toString(waitSeconds);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Retry-After", seconds);
    headers.put("X-RateLimit-Reset", seconds);
    String message =
        "rate limit exceeded for write key "
            + WriteKeys.mask(writeKey)
            + "; retry in "
            + seconds
            + " s (cfg.segment.rateLimitRequestsPerSecond)";
    return new TrackingResponse(429, headers, errorBody("rate_limited", message));
  }

  private TrackingResponse faultResponse(SegmentFault fault) {
    faultResponses.incrementAndGet();
    Map<String, String> headers = new LinkedHashMap<>();
    if (fault.retryAfterSeconds() != null) {
      headers.put("Retry-After", fault.retryAfterSeconds().toString());
      headers.put("X-RateLimit-Reset", fault.retryAfterSeconds().toString());
    }
    String body = fault.body();
    if (body == null) {
      body =
          fault.status() < 300
              ? SUCCESS
              : errorBody(
                  "injected_fault",
                  "status " + fault.status() + " injected with POST /_emulator/segment/faults");
    }
    return new TrackingResponse(fault.status(), headers, body);
  }

  private static TrackingResponse error(int status, String code, String message) {
    return new TrackingResponse(status, Map.of(), errorBody(code, message));
  }

  private static String errorBody(String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("code", code);
    body.put("message", message);
    return json(body);
  }

  private static String json(Object body) {
    try {
      return Json.MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a response body cannot be written as JSON", e);
    }
  }

  private static JsonNode textNode(String text) {
    return text == null ? null : Json.MAPPER.getNodeFactory().textNode(text);
  }

  /** One request in flight; the write key is known once the body has been read. */
  private static final class Request {
    private final TrackingRoute route;
    private final Instant receivedAt;
    private String writeKey;

    private Request(TrackingRoute route, Instant receivedAt) {
      this.route = route;
      this.receivedAt = receivedAt;
    }
  }

  /** A message that passed the type check, with its position in the batch (-1 when single). */
  private record Candidate(int index, ObjectNode message, MessageType type) {}

  /** A dropped message; {@code message} is null when it was not a JSON object. */
  private record Drop(int index, JsonNode message, Violation violation) {}

  /** The messages of one request, split into candidates and early drops. */
  private static final class Batch {
    private final List<Candidate> valid = new ArrayList<>();
    private final List<Drop> drops = new ArrayList<>();

    static Batch single(ObjectNode message, MessageType type) {
      Batch batch = new Batch();
      batch.valid.add(new Candidate(-1, message, type));
      return batch;
    }
  }
}
