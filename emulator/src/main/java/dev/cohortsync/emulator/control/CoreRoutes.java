package dev.cohortsync.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.emulator.http.JsonBodies;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes of the control API that belong to no single component: health, reset, the clock and the
 * OpenAPI document.
 */
public final class CoreRoutes {

  private final List<EmulatorComponent> components;
  private final VirtualClock clock;
  private final ObjectNode openApi;
  private final String version;
  private final Instant startedAt;

  public CoreRoutes(
      List<EmulatorComponent> components, VirtualClock clock, ObjectNode openApi, String version) {
    this.components = List.copyOf(components);
    this.clock = clock;
    this.openApi = openApi;
    this.version = version;
    this.startedAt = Instant.now();
  }

  public void addRoutes(RoutesConfig routes) {
    routes.get("/_emulator/health", this::health);
    routes.post("/_emulator/reset", this::reset);
    routes.get("/_emulator/clock", ctx -> ctx.json(clockBody()));
    routes.post("/_emulator/clock/advance", this::advanceClock);
    routes.post("/_emulator/clock/set", this::setClock);
    routes.post(
        "/_emulator/clock/freeze",
        ctx -> {
          clock.freeze();
          ctx.json(clockBody());
        });
    routes.post(
        "/_emulator/clock/resume",
        ctx -> {
          clock.resume();
          ctx.json(clockBody());
        });
    routes.get("/_emulator/openapi.json", ctx -> ctx.json(openApi));
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("version", version);
    body.put("startedAt", startedAt.toString());
    body.put("clock", clockBody());
    Map<String, Object> parts = new LinkedHashMap<>();
    for (EmulatorComponent component : components) {
      parts.put(component.name(), component.status());
    }
    body.put("components", parts);
    ctx.json(body);
  }

  private void reset(Context ctx) {
    String only = ctx.queryParam("component");
    List<String> names = new ArrayList<>();
    for (EmulatorComponent component : components) {
      names.add(component.name());
    }
    if (only != null && !names.contains(only)) {
      throw ApiException.invalid(
          "component", only, "no such component", "pass one of " + names + " or leave it out to reset all");
    }
    List<String> reset = new ArrayList<>();
    for (EmulatorComponent component : components) {
      if (only == null || only.equals(component.name())) {
        component.reset();
        reset.add(component.name());
      }
    }
    ctx.json(Map.of("reset", reset));
  }

  private void advanceClock(Context ctx) {
    JsonNode body = JsonBodies.readObject(ctx);
    String by = body.path("by").asText(null);
    if (by == null) {
      throw ApiException.invalid("by", null, "is required", "send {\"by\":\"PT1H\"} (an ISO-8601 duration)");
    }
    Duration amount;
    try {
      amount = Duration.parse(by);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("by", by, "is not an ISO-8601 duration", "send a duration such as PT90S or PT1H");
    }
    if (amount.isNegative()) {
      throw ApiException.invalid("by", by, "is negative; the clock never runs backwards", "send PT0S or more");
    }
    clock.advance(amount);
    ctx.json(clockBody());
  }

  private void setClock(Context ctx) {
    JsonNode body = JsonBodies.readObject(ctx);
    String to = body.path("to").asText(null);
    if (to == null) {
      throw ApiException.invalid(
          "to", null, "is required", "send {\"to\":\"2026-01-05T10:00:00Z\"} (an ISO-8601 instant)");
    }
    Instant target;
    try {
      target = Instant.parse(to);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("to", to, "is not an ISO-8601 instant", "send a UTC instant such as 2026-01-05T10:00:00Z");
    }
    Instant now = clock.instant();
    if (target.isBefore(now)) {
      throw ApiException.invalid(
          "to", to, "is before the current clock " + now, "send an instant at or after " + now);
    }
    clock.set(target);
    ctx.json(clockBody());
  }

  private Map<String, Object> clockBody() {
    return Map.of("now", clock.instant().toString(), "mode", clock.mode().name());
  }
}
