package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.RejectedPage;
import dev.cohortsync.emulator.segment.SegmentFault;
import dev.cohortsync.emulator.segment.SegmentSettings;
import dev.cohortsync.emulator.segment.SegmentStats;
import dev.cohortsync.emulator.segment.WaitResult;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the fake Segment's parts together behind the operations {@code FakeSegment} exposes. Public
 * only so the feature package can reach it; not an API.
 */
public final class SegmentCore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SegmentCore.class);

  private final SegmentSettings settings;
  private final IngestPipeline.Components parts;
  private final IngestPipeline pipeline;

  /** Creates the fake from validated settings, registering {@code sourceWriteKeys}. */
  public SegmentCore(SegmentSettings settings, Clock clock) {
    this.settings = settings;
    EventStore store =
        new ColumnarEventStore(
            settings.maxStoredEvents, PayloadCodec.create(settings.compressStoredEvents));
    this.parts =
        new IngestPipeline.Components(
            new SourceRegistry(),
            new MessageIdWindow(settings.dedupeWindow, settings.maxDedupeEntries),
            new RateLimiter(settings.rateLimitRequestsPerSecond, settings.rateLimitBurst, clock),
            store,
            new RejectedLog(settings.maxRejectedMessages),
            new FaultQueue(),
            new EventWaiters(store));
    this.pipeline = new IngestPipeline(settings, clock, parts);
    registerConfiguredSources();
  }

  /** Registers the Tracking API routes and the inspection routes. */
  public void addRoutes(RoutesConfig routes) {
    new TrackingRoutes(pipeline).addRoutes(routes);
    new InspectionRoutes(this).addRoutes(routes);
  }

  /** Registers a source; returns false when the key was registered already. */
  public boolean registerSource(String writeKey) {
    String problem = SegmentSettings.writeKeyProblem(writeKey);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid writeKey (" + WriteKeys.mask(writeKey) + "): " + problem);
    }
    boolean added = parts.sources().register(writeKey);
    if (added) {
      log.info("fake Segment registered source {}", WriteKeys.mask(writeKey));
    }
    return added;
  }

  /** Removes a source; its stored events stay. Returns false when it was not registered. */
  public boolean removeSource(String writeKey) {
    Objects.requireNonNull(writeKey, "writeKey");
    return parts.sources().remove(writeKey);
  }

  public boolean hasSource(String writeKey) {
    return parts.sources().contains(writeKey);
  }

  public List<String> sources() {
    return parts.sources().all();
  }

  public EventPage events(EventQuery query) {
    return parts.store().page(EventFilter.of(query), query.after(), query.limit());
  }

  public long countEvents(EventQuery query) {
    return parts.store().count(EventFilter.of(query));
  }

  /** Streams matching events after {@code after} in pages, for the NDJSON export. */
  EventStore.Scan scanEvents(EventQuery query, long after, int limit) {
    return parts.store().scan(EventFilter.of(query), after, limit);
  }

  /**
   * Starts a wait for {@code count} matching events.
   *
   * @throws IllegalArgumentException when count or timeout is out of range
   */
  public CompletableFuture<WaitResult> awaitEventsAsync(
      EventQuery query, int count, Duration timeout) {
    if (count < 1 || count > EventQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "invalid count (" + count + "): pass 1 to " + EventQuery.MAX_LIMIT);
    }
    if (timeout == null || timeout.isNegative() || timeout.compareTo(settings.maxWaitTimeout) > 0) {
      throw new IllegalArgumentException(
          "invalid timeout ("
              + timeout
              + "): pass PT0S to "
              + settings.maxWaitTimeout
              + " (cfg.segment.maxWaitTimeout)");
    }
    return parts.waiters().await(EventFilter.of(query), count, timeout);
  }

  public WaitResult awaitEvents(EventQuery query, int count, Duration timeout) {
    CompletableFuture<WaitResult> future = awaitEventsAsync(query, count, timeout);
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new IllegalStateException("interrupted while waiting for events", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for events failed", e.getCause());
    }
  }

  public RejectedPage rejected(EventQuery query) {
    return parts
        .rejected()
        .page(EventFilter.of(query), query.reason(), query.after(), query.limit());
  }

  public SegmentStats stats() {
    return new SegmentStats(
        parts.store().size(),
        parts.store().evicted(),
        parts.store().accepted(),
        parts.rejected().total(),
        parts.rejected().countsByReason(),
        parts.rejected().evicted(),
        pipeline.requests(),
        pipeline.rateLimited(),
        pipeline.faultResponses(),
        parts.sources().size(),
        parts.dedupe().size(),
        parts.dedupe().evictions());
  }

  /** Drops everything and re-registers the configured sources, as if just started. */
  public void reset() {
    parts.store().clear();
    parts.rejected().clear();
    parts.dedupe().clear();
    parts.rateLimiter().clear();
    parts.faults().clear();
    parts.sources().clear();
    pipeline.resetCounters();
    registerConfiguredSources();
    log.debug("fake Segment reset");
  }

  /**
   * Drops the events, rejections, dedupe entries and rate-limit bucket of one write key; the source
   * stays registered.
   */
  public ResetSummary reset(String writeKey) {
    Objects.requireNonNull(writeKey, "writeKey");
    long events = parts.store().removeWriteKey(writeKey);
    long rejections = parts.rejected().removeWriteKey(writeKey);
    parts.dedupe().forget(writeKey);
    parts.rateLimiter().forget(writeKey);
    log.debug(
        "fake Segment reset key {}: {} events, {} rejections",
        WriteKeys.mask(writeKey),
        events,
        rejections);
    return new ResetSummary(events, rejections);
  }

  /**
   * Counts of what a per-key reset removed.
   *
   * @param events stored events removed
   * @param rejections rejected entries removed
   */
  public record ResetSummary(long events, long rejections) {}

  public void injectFault(SegmentFault fault) {
    parts.faults().add(Objects.requireNonNull(fault, "fault"));
  }

  public List<SegmentFault> faults() {
    return parts.faults().pending();
  }

  public void clearFaults() {
    parts.faults().clear();
  }

  SegmentSettings settings() {
    return settings;
  }

  /** Summary for the health route. */
  public Map<String, Object> status() {
    SegmentStats stats = stats();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("storedEvents", stats.storedEvents());
    status.put("evictedEvents", stats.evictedEvents());
    status.put("maxStoredEvents", settings.maxStoredEvents);
    status.put("rejectedMessages", stats.rejectedMessages());
    status.put("sources", stats.sources());
    status.put("writeKeyMode", settings.writeKeyMode.name());
    status.put("strictValidation", settings.strictValidation);
    status.put("pendingFaults", parts.faults().pending().size());
    status.put("pendingWaits", parts.waiters().size());
    return status;
  }

  @Override
  public void close() {
    parts.waiters().close();
  }

  private void registerConfiguredSources() {
    for (String writeKey : settings.sourceWriteKeys) {
      parts.sources().register(writeKey);
    }
  }
}
