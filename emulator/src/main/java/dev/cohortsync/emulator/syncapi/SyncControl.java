package dev.cohortsync.emulator.syncapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.emulator.http.JsonBodies;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync control API under {@code /_emulator/syncs}: create syncs, trigger runs and read run
 * history. It owns the sync engine of {@code serve} and drives its schedule: a tick on every move
 * of the virtual clock (so due syncs run before the clock call returns) and a tick every
 * {@link SyncSettings#tickInterval} of real time. Ticks never overlap.
 */
public final class SyncControl implements EmulatorComponent {

  private static final Logger log = LoggerFactory.getLogger(SyncControl.class);

  private final SyncSettings settings;
  private final VirtualClock clock;
  private final Supplier<URI> baseUri;
  private SyncEngine engine;
  private ScheduledExecutorService ticker;
  private volatile boolean closed;

  /**
   * @param baseUri the emulator's own base URI: where syncs read Amplitude and send to Segment
   *     unless a request names other base URLs
   * @throws IllegalArgumentException if the settings are invalid (only checked when enabled)
   */
  public SyncControl(SyncSettings settings, VirtualClock clock, Supplier<URI> baseUri) {
    this.settings = settings;
    this.clock = clock;
    this.baseUri = baseUri;
    if (settings.enabled) {
      settings.validate();
    }
  }

  @Override
  public String name() {
    return "sync";
  }

  /** Returns the engine behind the control API, opening it on first use. */
  public synchronized SyncEngine engine() {
    if (engine == null) {
      if (closed) {
        throw new IllegalStateException("the sync control is closed");
      }
      engine = SyncEngine.create(EngineConfig.builder()
          .clock(clock)
          .sleeper(new VirtualClockSleeper(clock))
          .store(settings.store())
          .usersPerBatch(settings.usersPerBatch)
          .maxBatchesInFlight(settings.maxBatchesInFlight)
          .maxRetries(settings.maxRetries)
          .initialBackoff(settings.initialBackoff)
          .pollInterval(settings.pollInterval)
          .skippedListLimit(settings.skippedListLimit)
          .build());
    }
    return engine;
  }

  @Override
  public void addRoutes(RoutesConfig routes) {
    engine();
    startTicking();
    routes.post("/_emulator/syncs", this::create);
    routes.get("/_emulator/syncs", ctx -> ctx.json(Map.of("syncs", engine().syncs().stream().map(SyncJson::sync).toList())));
    routes.get("/_emulator/syncs/{syncId}", ctx -> ctx.json(SyncJson.sync(find(ctx.pathParam("syncId")))));
    routes.delete("/_emulator/syncs/{syncId}", this::delete);
    routes.post("/_emulator/syncs/{syncId}/runs", this::trigger);
    routes.get("/_emulator/syncs/{syncId}/runs", this::listRuns);
    routes.get("/_emulator/syncs/{syncId}/runs/{runId}", this::getRun);
  }

  private void startTicking() {
    clock.onChange(now -> tick("clock moved to " + now));
    if (!settings.tickInterval.isZero()) {
      ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sync-ticker");
        thread.setDaemon(true);
        return thread;
      });
      long millis = settings.tickInterval.toMillis();
      ticker.scheduleWithFixedDelay(() -> tick("ticker"), millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  private void tick(String cause) {
    if (closed) {
      return;
    }
    try {
      List<RunReport> reports = engine().tick();
      if (!reports.isEmpty()) {
        log.debug("{}: ran {} scheduled syncs", cause, reports.size());
      }
    } catch (RuntimeException e) {
      log.error("scheduled sync tick ({}) failed", cause, e);
    }
  }

  private void create(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    SyncDefinition definition = SyncRequests.definition(body, baseUri.get(), settings.traitKeyTemplate);
    boolean runNow = SyncRequests.runNow(body);
    if (engine().sync(definition.id()).isPresent()) {
      throw ApiException.conflict("sync \"" + definition.id() + "\" already exists",
          "pick another id, or DELETE /_emulator/syncs/" + definition.id() + " first");
    }
    Sync sync;
    try {
      sync = engine().createSync(definition);
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage(), "pick another id");
    }
    Map<String, Object> response;
    if (runNow) {
      RunReport first = runSync(definition.id());
      response = new LinkedHashMap<>(SyncJson.sync(find(definition.id())));
      response.put("firstRun", SyncJson.run(first, true));
    } else {
      response = SyncJson.sync(sync);
    }
    ctx.status(201).json(response);
  }

  private void delete(Context ctx) {
    String syncId = ctx.pathParam("syncId");
    if (!engine().deleteSync(syncId)) {
      throw notFound(syncId);
    }
    ctx.status(204);
  }

  private void trigger(Context ctx) {
    ctx.json(SyncJson.run(runSync(ctx.pathParam("syncId")), true));
  }

  private RunReport runSync(String syncId) {
    try {
      return engine().runNow(syncId);
    } catch (NoSuchElementException e) {
      throw notFound(syncId);
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage(), "retry when the other run is done");
    }
  }

  private void listRuns(Context ctx) {
    String syncId = ctx.pathParam("syncId");
    find(syncId);
    int limit = SyncSettings.DEFAULT_RUNS_LISTED;
    String limitParam = ctx.queryParam("limit");
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > SyncEngine.MAX_RUNS_LISTED) {
        throw ApiException.invalid("limit", limitParam, "is not a number from 1 to " + SyncEngine.MAX_RUNS_LISTED,
            "send for example ?limit=20");
      }
    }
    List<Map<String, Object>> runs = engine().runs(syncId).stream().limit(limit)
        .map(run -> SyncJson.run(run, false)).toList();
    ctx.json(Map.of("runs", runs));
  }

  private void getRun(Context ctx) {
    String syncId = ctx.pathParam("syncId");
    String runText = ctx.pathParam("runId");
    find(syncId);
    long runId;
    try {
      runId = Long.parseLong(runText);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("runId", runText, "is not a run id", "send the numeric runId from the run list");
    }
    RunReport run = engine().run(runId).filter(report -> report.syncId().equals(syncId))
        .orElseThrow(() -> ApiException.notFound("run", runText, "list runs with GET /_emulator/syncs/" + syncId + "/runs"));
    ctx.json(SyncJson.run(run, true));
  }

  private Sync find(String syncId) {
    return engine().sync(syncId).orElseThrow(() -> notFound(syncId));
  }

  private static ApiException notFound(String syncId) {
    return ApiException.notFound("sync", syncId, "list syncs with GET /_emulator/syncs");
  }

  /** Deletes every sync with its state and history. */
  @Override
  public void reset() {
    if (!settings.enabled) {
      return;
    }
    for (Sync sync : engine().syncs()) {
      engine().deleteSync(sync.id());
    }
  }

  @Override
  public Map<String, Object> status() {
    if (!settings.enabled) {
      return Map.of("enabled", false);
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("enabled", true);
    status.put("syncs", engine().syncs().size());
    status.put("store", String.valueOf(engine().config().store()));
    status.put("tickInterval", settings.tickInterval.toString());
    return status;
  }

  @Override
  public String openApiFragment() {
    return "openapi/sync.yaml";
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }
}
