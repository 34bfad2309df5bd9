package dev.cohortsync.sync;

import dev.cohortsync.sync.internal.AmplitudeClient;
import dev.cohortsync.sync.internal.Backoff;
import dev.cohortsync.sync.internal.HttpClients;
import dev.cohortsync.sync.internal.LeaseKeeper;
import dev.cohortsync.sync.internal.SegmentSender;
import dev.cohortsync.sync.internal.SyncRunner;
import dev.cohortsync.sync.internal.store.JdbcStateStore;
import dev.cohortsync.sync.internal.store.StateStore;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Amplitude-to-Segment cohort sync.
 *
 * <p>For each cohort of a sync, a run first resends the batches an earlier run left unanswered,
 * then exports the cohort from Amplitude, diffs it against what Segment last acknowledged and sends
 * one {@code identify} per change: {@code true} for members who joined, {@code false} for members
 * who left, nothing for members who stayed. Members without a user_id are skipped and listed.
 * State moves only when Segment answers 2xx, one batch at a time, so a crash loses nothing.
 *
 * <pre>{@code
 * try (SyncEngine engine = SyncEngine.create(EngineConfig.builder().build())) {
 *   engine.createSync(SyncDefinition.builder("daily-power-users", source, target)
 *       .cohortIds("26umsb5").cadence(Cadence.DAILY).build());
 *   RunReport first = engine.runNow("daily-power-users");
 *   ...
 *   List<RunReport> scheduled = engine.tick();   // call periodically, e.g. every second
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #tick()} calls never overlap each other; a run of one sync never overlaps
 * another run of the same sync, in this engine or, through leases in the store, in any other
 * engine sharing a PostgreSQL store.
 */
public final class SyncEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

  /** Runs {@link #runs(String)} returns at most. */
  public static final int MAX_RUNS_LISTED = 1_000;

  private final EngineConfig config;
  private final StateStore store;
  private final ExecutorService pool;
  private final SyncRunner runner;
  private final ConcurrentHashMap<String, ReentrantLock> runLocks = new ConcurrentHashMap<>();
  private final ReentrantLock tickLock = new ReentrantLock();
  // Set while this thread runs a sync. A sleeper that moves a virtual clock calls back into
  // tick() from inside a run; without this guard the reentrant locks would let that nested tick
  // start the same sync again on the same thread. Sleeps on delivery threads are covered by
  // tick() giving up when another tick holds tickLock.
  private final ThreadLocal<Boolean> insideRun = ThreadLocal.withInitial(() -> false);
  private volatile boolean closed;

  private SyncEngine(EngineConfig config, StateStore store) {
    this.config = config;
    this.store = store;
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "cohort-sync-sender-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    HttpClient http = HttpClients.create(config.connectTimeout());
    Backoff backoff = new Backoff(
        config.clock(), config.sleeper(), config.maxRetries(), config.initialBackoff(), config.maxRetryAfter());
    AmplitudeClient amplitude = new AmplitudeClient(
        http, backoff, config.sleeper(), config.requestTimeout(), config.pollInterval(), config.exportTimeout());
    SegmentSender sender = new SegmentSender(http, config.clock(), backoff, config.requestTimeout());
    this.runner = new SyncRunner(config, store, amplitude, sender, pool);
  }

  /**
   * Opens the store named by the config (creating or migrating its tables) and returns a ready
   * engine. Nothing runs until {@link #runNow} or {@link #tick} is called.
   *
   * @throws IllegalStateException if the store cannot be opened; the message names it and the fix
   */
  public static SyncEngine create(EngineConfig config) {
    StateStore store = JdbcStateStore.open(config.store(), config.maxBatchesInFlight() + 4);
    log.info("sync engine {} started with store {}", config.ownerId(), store.describe());
    return new SyncEngine(config, store);
  }

  public EngineConfig config() {
    return config;
  }

  /**
   * Stores a new sync. Its first run is due at once (Amplitude runs a new sync right after it is
   * configured): the next {@link #tick()} runs it, unless {@link #runNow} does first.
   *
   * @throws IllegalStateException if a sync with the same id exists
   */
  public Sync createSync(SyncDefinition definition) {
    ensureOpen();
    Instant now = config.clock().instant();
    Sync sync = new Sync(definition, now, now, true, null);
    if (!store.insertSync(sync)) {
      throw new IllegalStateException(
          "sync " + definition.id() + " already exists; pick another id or call updateSync");
    }
    log.info("sync {} created: cohorts {}, {}, to {}", definition.id(),
        definition.allCohorts() ? "all" : definition.cohortIds(), definition.cadence(), definition.target());
    return sync;
  }

  /**
   * Replaces the definition of a sync, keeping its delivery state and history. Like a new sync,
   * it is enabled again and due at once (Amplitude runs a sync right after reconfiguration).
   *
   * @throws NoSuchElementException if there is no sync with this id
   */
  public Sync updateSync(SyncDefinition definition) {
    ensureOpen();
    if (!store.updateDefinition(definition)) {
      throw unknown(definition.id());
    }
    store.updateSchedule(definition.id(), config.clock().instant(), true, null);
    return sync(definition.id()).orElseThrow(() -> unknown(definition.id()));
  }

  /** Every sync, ordered by id. */
  public List<Sync> syncs() {
    ensureOpen();
    return store.listSyncs();
  }

  public Optional<Sync> sync(String syncId) {
    ensureOpen();
    return store.findSync(syncId);
  }

  /** Deletes a sync with its delivery state and history; returns false if there was none. */
  public boolean deleteSync(String syncId) {
    ensureOpen();
    ReentrantLock lock = runLock(syncId);
    lock.lock();
    try {
      return store.deleteSync(syncId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a sync now and returns its report when it is done. Waits while this engine runs the same
   * sync. A run that is not due leaves the schedule as it is; a due one counts as the scheduled run.
   *
   * @throws NoSuchElementException if there is no sync with this id
   * @throws IllegalStateException if another engine sharing the store is running the sync
   */
  public RunReport runNow(String syncId) {
    ensureOpen();
    ReentrantLock lock = runLock(syncId);
    lock.lock();
    try {
      Sync sync = store.findSync(syncId).orElseThrow(() -> unknown(syncId));
      LeaseKeeper lease = lease(syncId);
      if (!lease.acquire()) {
        throw new IllegalStateException(
            "sync " + syncId + " is running in another engine that shares this store; try again when it is done");
      }
      try {
        return runAndReschedule(sync, Trigger.MANUAL, lease);
      } finally {
        lease.release();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs every enabled sync that is due by the engine clock, one after another, and returns their
   * reports. Syncs that this engine or another engine is running already are left to that run.
   * A sync due several times over (the clock jumped) runs once, and its next run is the first
   * period boundary after now.
   *
   * <p>Returns an empty list at once when another tick is in progress, or when called from inside
   * a run (a sleeper that moves a virtual clock does that): the tick in progress, or the next one,
   * picks up whatever became due.
   */
  public List<RunReport> tick() {
    ensureOpen();
    if (insideRun.get() || !tickLock.tryLock()) {
      return List.of();
    }
    try {
      List<RunReport> reports = new ArrayList<>();
      for (String syncId : store.dueSyncIds(config.clock().instant())) {
        ReentrantLock lock = runLock(syncId);
        if (!lock.tryLock()) {
          continue;
        }
        try {
          LeaseKeeper lease = lease(syncId);
          if (!lease.acquire()) {
            continue;
          }
          try {
            // Another engine may have run it between the query and the lease: check again.
            Optional<Sync> sync = store.findSync(syncId);
            if (sync.isPresent() && isDue(sync.get(), config.clock().instant())) {
              reports.add(runAndReschedule(sync.get(), Trigger.SCHEDULED, lease));
            }
          } finally {
            lease.release();
          }
        } catch (RuntimeException e) {
          log.error("scheduled run of sync {} failed", syncId, e);
        } finally {
          lock.unlock();
        }
      }
      return reports;
    } finally {
      tickLock.unlock();
    }
  }

  /** Runs of a sync, newest first, at most {@link #MAX_RUNS_LISTED}; reports omit skipped id lists. */
  public List<RunReport> runs(String syncId) {
    ensureOpen();
    if (store.findSync(syncId).isEmpty()) {
      throw unknown(syncId);
    }
    return store.runs(syncId, MAX_RUNS_LISTED);
  }

  /** One run with its skipped id lists (capped by {@link EngineConfig#skippedListLimit()}). */
  public Optional<RunReport> run(long runId) {
    ensureOpen();
    return store.run(runId, config.skippedListLimit());
  }

  private RunReport runAndReschedule(Sync sync, Trigger trigger, LeaseKeeper lease) {
    Instant startedAt = config.clock().instant();
    SyncRunner.Outcome outcome;
    insideRun.set(true);
    try {
      outcome = runner.run(sync.definition(), trigger, lease);
    } finally {
      insideRun.set(false);
    }
    Sync current = store.findSync(sync.id()).orElse(sync);
    if (outcome.disableReason() != null) {
      log.warn("sync {} disabled: {}", sync.id(), outcome.disableReason());
      store.updateSchedule(sync.id(), null, false, outcome.disableReason());
    } else if (current.nextRunAt() != null && !current.nextRunAt().isAfter(startedAt)) {
      store.updateSchedule(sync.id(), nextRun(current, startedAt), current.enabled(), current.disabledReason());
    }
    return outcome.report();
  }

  private static Instant nextRun(Sync sync, Instant after) {
    Optional<Duration> period = sync.definition().cadence().period();
    if (period.isEmpty()) {
      return null;
    }
    long periodMillis = period.get().toMillis();
    long elapsed = after.toEpochMilli() - sync.createdAt().toEpochMilli();
    long periods = Math.floorDiv(elapsed, periodMillis) + 1;
    return sync.createdAt().plusMillis(periods * periodMillis);
  }

  private static boolean isDue(Sync sync, Instant now) {
    return sync.enabled() && sync.nextRunAt() != null && !sync.nextRunAt().isAfter(now);
  }

  private LeaseKeeper lease(String syncId) {
    return new LeaseKeeper(store, config.clock(), syncId, config.ownerId(), config.leaseDuration());
  }

  private ReentrantLock runLock(String syncId) {
    return runLocks.computeIfAbsent(syncId, id -> new ReentrantLock());
  }

  private static NoSuchElementException unknown(String syncId) {
    return new NoSuchElementException("sync " + syncId + " does not exist; list syncs to see their ids");
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the sync engine is closed; create a new one");
    }
  }

  /** Stops the sender threads and closes the store. Runs in progress are abandoned. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.shutdownNow();
    store.close();
    log.info("sync engine {} stopped", config.ownerId());
  }
}
