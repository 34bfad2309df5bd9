package dev.cohortsync.sync.internal.store;

import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.Trigger;
import dev.cohortsync.sync.internal.Change;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of the engine: sync definitions and schedules, per-sync leases, what each
 * (sync, cohort, trait key) last delivered, batches awaiting Segment's answer, and run history.
 *
 * <p>Every method is one transaction. Implementations must be safe for concurrent use by the
 * engine's sender threads and, for shared stores, by several engine processes: the lease methods
 * are atomic compare-and-set operations.
 */
public interface StateStore extends AutoCloseable {

  /** Short name for logs, for example {@code h2:/path} or {@code postgresql://host/db}. */
  String describe();

  // ---- syncs and schedules

  /** Inserts a sync; returns false if one with the same id exists (nothing is changed then). */
  boolean insertSync(Sync sync);

  /** Replaces the definition of an existing sync; returns false if there is none. */
  boolean updateDefinition(SyncDefinition definition);

  Optional<Sync> findSync(String syncId);

  /** Every sync, ordered by id. */
  List<Sync> listSyncs();

  /** Deletes a sync with its state, pending batches and history; returns false if there was none. */
  boolean deleteSync(String syncId);

  /** Sets the schedule fields of a sync. */
  void updateSchedule(String syncId, Instant nextRunAt, boolean enabled, String disabledReason);

  /** Ids of enabled syncs whose next run is at or before {@code now}, soonest first. */
  List<String> dueSyncIds(Instant now);

  // ---- leases

  /**
   * Claims or renews the lease of a sync for {@code owner} until {@code expiresAt}. Succeeds when
   * the lease is free, expired at {@code now}, or already held by {@code owner}.
   */
  boolean tryLease(String syncId, String owner, Instant now, Instant expiresAt);

  /** Frees the lease if {@code owner} holds it. */
  void releaseLease(String syncId, String owner);

  // ---- delivery state

  /** The keys a (sync, cohort) has rows under, oldest first. */
  List<CohortKey> keys(String syncId, String cohortId);

  /** Returns the key row for {@code traitKey}, creating it if missing. */
  CohortKey key(String syncId, String cohortId, String traitKey);

  /** Renames a key row; its member state and counters move with it. */
  CohortKey renameKey(CohortKey key, String newTraitKey);

  /** Whether any user is a member under the key. */
  boolean hasMembers(long keyId);

  /** Streams the member state of a key, in no particular order. */
  void forEachMember(long keyId, MemberVisitor visitor);

  /** Receives member state rows. */
  @FunctionalInterface
  interface MemberVisitor {
    void accept(String userId, boolean member, int changeCount);
  }

  // ---- pending batches

  /** Writes a batch before it is sent and returns it with its id. */
  PendingBatch insertPending(CohortKey key, Instant createdAt, List<Change> changes);

  /** Pending batches of every key of a (sync, cohort), oldest first. */
  List<PendingBatch> pending(String syncId, String cohortId);

  /**
   * Applies an acknowledged batch to member state and deletes it, in one transaction. Applying a
   * batch twice leaves the same state.
   */
  void acknowledge(PendingBatch batch);

  /** Deletes a pending batch without touching member state (Segment rejected it for good). */
  void discardPending(long batchId);

  // ---- run history

  /** Records a run as {@link RunStatus#RUNNING} and returns its id. */
  long startRun(String syncId, Trigger trigger, Instant startedAt, String owner);

  /** Marks every other RUNNING run of the sync as ABANDONED (their engine stopped). */
  void abandonRunning(String syncId, long exceptRunId, String error);

  /** Records the skipped Amplitude ids of one cohort of a run, in order. */
  void addSkipped(long runId, String cohortId, List<String> amplitudeIds, int firstOrdinal);

  /** Finishes a run; the reports' skipped id lists are ignored (see {@link #addSkipped}). */
  void finishRun(long runId, Instant finishedAt, RunStatus status, String error, List<CohortReport> cohorts);

  /** Runs of a sync, newest first, at most {@code limit}; cohort reports without skipped lists. */
  List<RunReport> runs(String syncId, int limit);

  /** One run with up to {@code skippedLimit} skipped ids per cohort. */
  Optional<RunReport> run(long runId, int skippedLimit);

  @Override
  void close();
}
