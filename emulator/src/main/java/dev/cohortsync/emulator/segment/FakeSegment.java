package dev.cohortsync.emulator.segment;

import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.segment.internal.SegmentCore;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fake Segment: the HTTP Tracking API (<a
 * href="https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/">Segment
 * docs</a>) with Segment's limits, per-message validation, server-side fields and messageId dedupe,
 * plus inspection under {@code /_emulator/segment/}.
 *
 * <p>Every event a tracking route acknowledges with 200 is stored before the response is sent, so
 * {@link #events} and the inspection routes return it as soon as the client reads the response.
 *
 * <pre>{@code
 * FakeSegment segment = emulator.segment();
 * segment.registerSource("WK");
 * // ... the code under test sends identify calls to emulator.baseUri() ...
 * WaitResult arrived =
 *     segment.awaitEvents(EventQuery.all().withUserId("u1"), 1, Duration.ofSeconds(5));
 * }</pre>
 */
public final class FakeSegment implements EmulatorComponent {

  private final SegmentSettings settings;
  private final SegmentCore core;

  /**
   * Creates the fake; its clock stamps {@code receivedAt} and drives dedupe and rate limiting.
   *
   * @throws IllegalArgumentException if a setting is invalid; the message names it and the fix
   */
  public FakeSegment(SegmentSettings settings, VirtualClock clock) {
    settings.validate();
    this.settings = settings.copy();
    this.core = new SegmentCore(this.settings, clock);
  }

  @Override
  public String name() {
    return "segment";
  }

  @Override
  public void addRoutes(RoutesConfig routes) {
    core.addRoutes(routes);
  }

  /**
   * Registers a source, so events with this write key are stored under the default {@link
   * WriteKeyMode#DROP}. Registering a key twice is harmless.
   *
   * @throws IllegalArgumentException if the key is empty, longer than 200 characters, or contains
   *     whitespace
   */
  public void registerSource(String writeKey) {
    core.registerSource(writeKey);
  }

  /** Removes a source; its stored events stay. Returns false when it was not registered. */
  public boolean removeSource(String writeKey) {
    return core.removeSource(writeKey);
  }

  /** Returns the registered write keys, sorted. */
  public List<String> sources() {
    return core.sources();
  }

  /** Returns the stored events matching {@code query}, oldest first, one page at a time. */
  public EventPage events(EventQuery query) {
    return core.events(query);
  }

  /** Counts the stored events matching {@code query}; its cursor and limit are ignored. */
  public long countEvents(EventQuery query) {
    return core.countEvents(query);
  }

  /**
   * Blocks until {@code count} events matching {@code query} are stored (events stored before the
   * call count too) or {@code timeout} of wall-clock time passes. It never throws on timeout: check
   * {@link WaitResult#timedOut()}.
   *
   * @param count 1 to {@value EventQuery#MAX_LIMIT}
   * @param timeout zero to {@code cfg.segment.maxWaitTimeout}
   * @throws IllegalArgumentException if count or timeout is out of range
   */
  public WaitResult awaitEvents(EventQuery query, int count, Duration timeout) {
    return core.awaitEvents(query, count, timeout);
  }

  /** Returns the rejected messages and requests matching {@code query}, oldest first. */
  public RejectedPage rejected(EventQuery query) {
    return core.rejected(query);
  }

  public SegmentStats stats() {
    return core.stats();
  }

  /**
   * Drops every event, rejection, dedupe entry, rate-limit bucket, fault and source, then registers
   * {@code cfg.segment.sourceWriteKeys} again, as if the fake had just started.
   */
  @Override
  public void reset() {
    core.reset();
  }

  /**
   * Drops the events, rejections, dedupe entries and rate-limit bucket of one write key. The source
   * stays registered and other keys are untouched.
   */
  public void reset(String writeKey) {
    core.reset(writeKey);
  }

  /** Makes the next tracking requests fail with {@code fault}, after any faults already pending. */
  public void injectFault(SegmentFault fault) {
    core.injectFault(fault);
  }

  /** Returns the pending faults, each with the uses it has left. */
  public List<SegmentFault> faults() {
    return core.faults();
  }

  public void clearFaults() {
    core.clearFaults();
  }

  /** Returns a copy of the settings in force, taken when the fake was created. */
  public SegmentSettings settings() {
    return settings.copy();
  }

  @Override
  public Map<String, Object> status() {
    return core.status();
  }

  @Override
  public String openApiFragment() {
    return "openapi/segment.yaml";
  }

  @Override
  public void close() {
    core.close();
  }
}
