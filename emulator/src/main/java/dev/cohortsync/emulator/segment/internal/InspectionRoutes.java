package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.http.JsonBodies;
import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.SegmentFault;
import dev.cohortsync.emulator.segment.SegmentSettings;
import dev.cohortsync.emulator.segment.StoredEvent;
import dev.cohortsync.emulator.segment.WaitResult;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The inspection and control routes under {@code /_emulator/segment/}. */
final class InspectionRoutes {

  private static final String BASE = "/_emulator/segment";
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
  private static final int EXPORT_PAGE = 1_000;

  private final SegmentCore core;

  InspectionRoutes(SegmentCore core) {
    this.core = core;
  }

  void addRoutes(RoutesConfig routes) {
    routes.get(BASE + "/events", this::events);
    routes.get(BASE + "/events/count", this::count);
    routes.get(BASE + "/events/wait", this::await);
    routes.get(BASE + "/events.ndjson", this::export);
    routes.get(BASE + "/rejected", this::rejected);
    routes.get(BASE + "/stats", ctx -> ctx.json(core.stats()));
    routes.post(BASE + "/reset", this::reset);
    routes.get(BASE + "/sources", this::listSources);
    routes.post(BASE + "/sources", this::addSource);
    routes.get(BASE + "/sources/{writeKey}", this::getSource);
    routes.delete(BASE + "/sources/{writeKey}", this::deleteSource);
    routes.get(BASE + "/faults", ctx -> ctx.json(Map.of("faults", core.faults())));
    routes.post(BASE + "/faults", this::addFault);
    routes.delete(BASE + "/faults", this::clearFaults);
  }

  private void events(Context ctx) {
    EventQuery query = QueryParser.parse(ctx, QueryParser.EVENT_FILTERS, Set.of(), true);
    EventPage page = core.events(query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("nextAfter", page.nextAfter());
    body.put("events", views(page.events()));
    ctx.json(body);
  }

  private void count(Context ctx) {
    EventQuery query = QueryParser.parse(ctx, QueryParser.EVENT_FILTERS, Set.of(), false);
    ctx.json(Map.of("count", core.countEvents(query)));
  }

  private void await(Context ctx) {
    EventQuery query =
        QueryParser.parse(ctx, QueryParser.EVENT_FILTERS, Set.of("count", "timeout"), false);
    if (ctx.queryParam("count") == null) {
      throw ApiException.invalid(
          "count",
          null,
          "is required",
          "pass how many matching events to wait for, 1 to " + EventQuery.MAX_LIMIT);
    }
    int count = (int) QueryParser.longParam(ctx, "count", 1, 1, EventQuery.MAX_LIMIT);
    Duration timeout =
        QueryParser.duration(ctx, "timeout", DEFAULT_WAIT, core.settings().maxWaitTimeout);
    ctx.future(
        () ->
            core.awaitEventsAsync(query, count, timeout)
                .thenAccept(result -> ctx.json(waitBody(result))));
  }

  private static Map<String, Object> waitBody(WaitResult result) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("timedOut", result.timedOut());
    body.put("requested", result.requested());
    body.put("matched", result.events().size());
    body.put("events", views(result.events()));
    return body;
  }

  private void export(Context ctx) throws IOException {
    EventQuery query =
        QueryParser.parse(ctx, QueryParser.EVENT_FILTERS, Set.of("after", "limit"), false);
    long after = QueryParser.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
    long remaining = QueryParser.longParam(ctx, "limit", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    ctx.contentType("application/x-ndjson");
    OutputStream out = ctx.outputStream();
    // Page through the store so the read lock is never held while writing to the network.
    while (remaining > 0) {
      int pageSize = (int) Math.min(EXPORT_PAGE, remaining);
      EventStore.Scan scan = core.scanEvents(query, after, pageSize);
      for (StoredEvent event : scan.events()) {
        out.write(Json.MAPPER.writeValueAsBytes(view(event)));
        out.write('\n');
      }
      remaining -= scan.events().size();
      after = scan.lastSequence();
      if (scan.events().size() < pageSize) {
        break;
      }
    }
    out.flush();
  }

  private void rejected(Context ctx) {
    if (ctx.queryParam("trait") != null || ctx.queryParam("traitValue") != null) {
      throw ApiException.invalid(
          "trait",
          ctx.queryParam("trait"),
          "applies to stored events only; rejected messages" + " keep no traits",
          "drop trait and traitValue, or query /_emulator/segment/events");
    }
    EventQuery query = QueryParser.parse(ctx, QueryParser.REJECTED_FILTERS, Set.of(), true);
    var page = core.rejected(query);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total", page.total());
    body.put("nextAfter", page.nextAfter());
    body.put("rejected", page.rejected());
    ctx.json(body);
  }

  private void reset(Context ctx) {
    String writeKey = ctx.queryParam("writeKey");
    for (String param : ctx.queryParamMap().keySet()) {
      if (!param.equals("writeKey")) {
        throw ApiException.invalid(
            param,
            ctx.queryParam(param),
            "is not a parameter of this route",
            "pass writeKey to reset one source, or nothing to reset everything");
      }
    }
    if (writeKey == null) {
      core.reset();
      ctx.json(Map.of("reset", "all"));
      return;
    }
    if (writeKey.isEmpty()) {
      throw ApiException.invalid(
          "writeKey", writeKey, "is empty", "pass the write key to reset, or leave it out");
    }
    SegmentCore.ResetSummary summary = core.reset(writeKey);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reset", "writeKey");
    body.put("writeKey", WriteKeys.mask(writeKey));
    body.put("removedEvents", summary.events());
    body.put("removedRejections", summary.rejections());
    ctx.json(body);
  }

  private void listSources(Context ctx) {
    List<Map<String, Object>> sources = new ArrayList<>();
    for (String writeKey : core.sources()) {
      sources.add(Map.of("writeKey", WriteKeys.mask(writeKey)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("writeKeyMode", core.settings().writeKeyMode.name());
    body.put("sources", sources);
    ctx.json(body);
  }

  private void addSource(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    JsonNode key = body.get("writeKey");
    if (key == null || !key.isTextual()) {
      throw ApiException.invalid(
          "writeKey",
          key == null ? null : key.toString(),
          "must be a string",
          "send {\"writeKey\":\"<the key your client sends>\"}");
    }
    String writeKey = key.asText();
    String problem = SegmentSettings.writeKeyProblem(writeKey);
    if (problem != null) {
      throw ApiException.invalid("writeKey", WriteKeys.mask(writeKey), "is not usable", problem);
    }
    boolean created = core.registerSource(writeKey);
    ctx.status(created ? 201 : 200)
        .json(Map.of("writeKey", WriteKeys.mask(writeKey), "created", created));
  }

  private void getSource(Context ctx) {
    String writeKey = ctx.pathParam("writeKey");
    if (!core.hasSource(writeKey)) {
      throw notFound(writeKey);
    }
    ctx.json(Map.of("writeKey", WriteKeys.mask(writeKey)));
  }

  private void deleteSource(Context ctx) {
    String writeKey = ctx.pathParam("writeKey");
    if (!core.removeSource(writeKey)) {
      throw notFound(writeKey);
    }
    ctx.json(Map.of("writeKey", WriteKeys.mask(writeKey), "deleted", true));
  }

  private static ApiException notFound(String writeKey) {
    return ApiException.notFound(
        "source",
        WriteKeys.mask(writeKey),
        "list sources with GET /_emulator/segment/sources or register one with POST");
  }

  private void addFault(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    for (String field : (Iterable<String>) body::fieldNames) {
      if (!Set.of("status", "count", "retryAfter", "afterStore", "body").contains(field)) {
        throw ApiException.invalid(
            field,
            body.get(field).toString(),
            "is not a fault field",
            "send status, and optionally count, retryAfter, afterStore and body");
      }
    }

    int status = intField(body, "status", null);
    int count = intField(body, "count", 1);
    JsonNode retryAfter = body.get("retryAfter");
    Integer retryAfterSeconds =
        retryAfter == null || retryAfter.isNull() ? null : intField(body, "retryAfter", null);

    JsonNode afterStore = body.get("afterStore");
    if (afterStore != null && !afterStore.isBoolean()) {
      throw ApiException.invalid(
          "afterStore", afterStore.toString(), "must be true or false", "send a JSON boolean");
    }
    JsonNode responseBody = body.get("body");
    if (responseBody != null && !responseBody.isTextual()) {
      throw ApiException.invalid(
          "body",
          responseBody.toString(),
          "must be a string",
          "send the exact response body as a JSON string, for example \"\"");
    }

    SegmentFault fault;
    try {
      fault =
          new SegmentFault(
              status,
              count,
              retryAfterSeconds,
              afterStore != null && afterStore.asBoolean(),
              responseBody == null ? null : responseBody.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("fault", body.toString(), e.getMessage(), "fix the field named");
    }
    core.injectFault(fault);
    ctx.status(201).json(Map.of("faults", core.faults()));
  }

  private void clearFaults(Context ctx) {
    int cleared = core.faults().size();
    core.clearFaults();
    ctx.json(Map.of("cleared", cleared));
  }

  private static int intField(ObjectNode body, String field, Integer fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (fallback == null) {
        throw ApiException.invalid(field, null, "is required", "send a whole number");
      }
      return fallback;
    }
    if (!node.isInt()) {
      throw ApiException.invalid(
          field, node.toString(), "must be a whole number", "send for example 503");
    }
    return node.asInt();
  }

  private static List<Map<String, Object>> views(List<StoredEvent> events) {
    List<Map<String, Object>> views = new ArrayList<>(events.size());
    for (StoredEvent event : events) {
      views.add(view(event));
    }
    return views;
  }

  /** Renders an event for the inspection API, with the write key masked and the message in full. */
  static Map<String, Object> view(StoredEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("sequence", event.sequence());
    view.put("writeKey", WriteKeys.mask(event.writeKey()));
    view.put("route", event.route());
    view.put("receivedAt", Timestamps.format(event.receivedAt()));
    view.put("type", event.type());
    view.put("messageId", event.messageId());
    view.put("userId", event.userId());
    view.put("anonymousId", event.anonymousId());
    view.put("message", event.message());
    return view;
  }
}
