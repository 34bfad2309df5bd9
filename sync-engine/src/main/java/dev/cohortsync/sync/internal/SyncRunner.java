package dev.cohortsync.sync.internal;

import dev.cohortsync.sync.Cadence;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.RenamePolicy;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.Trigger;
import dev.cohortsync.sync.internal.store.CohortKey;
import dev.cohortsync.sync.internal.store.PendingBatch;
import dev.cohortsync.sync.internal.store.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a sync once: every cohort in turn, each through replay, export, diff and delivery. */
public final class SyncRunner {

  private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);

  private final EngineConfig config;
  private final StateStore store;
  private final AmplitudeClient amplitude;
  private final SegmentSender sender;
  private final ExecutorService pool;

  public SyncRunner(
      EngineConfig config, StateStore store, AmplitudeClient amplitude, SegmentSender sender, ExecutorService pool) {
    this.config = config;
    this.store = store;
    this.amplitude = amplitude;
    this.sender = sender;
    this.pool = pool;
  }

  /** What a run produced and whether its sync must be disabled. */
  public record Outcome(RunReport report, String disableReason) {}

  /** Runs the sync; the caller holds its lease. */
  public Outcome run(SyncDefinition definition, Trigger trigger, LeaseKeeper lease) {
    Instant startedAt = config.clock().instant();
    long runId = store.startRun(definition.id(), trigger, startedAt, config.ownerId());
    store.abandonRunning(definition.id(), runId,
        "the engine running it stopped before it finished; a later run resent its unacknowledged batches");
    log.info("sync {} run {} started ({})", definition.id(), runId, trigger);

    List<CohortReport> reports = new ArrayList<>();
    String runError = null;
    String disableReason = null;
    Map<String, AmplitudeClient.CohortInfo> listed = new LinkedHashMap<>();
    try {
      for (AmplitudeClient.CohortInfo info : amplitude.listCohorts(definition.source())) {
        listed.put(info.id(), info);
      }
    } catch (AmplitudeException e) {
      runError = e.getMessage();
    }
    if (runError == null) {
      List<String> cohortIds = definition.allCohorts()
          ? listed.values().stream().filter(info -> !info.archived()).map(AmplitudeClient.CohortInfo::id).toList()
          : definition.cohortIds();
      for (String cohortId : cohortIds) {
        CohortOutcome outcome = syncCohort(definition, runId, cohortId, listed.get(cohortId), lease);
        reports.add(outcome.report);
        if (outcome.disableReason != null && disableReason == null) {
          disableReason = outcome.disableReason;
        }
        if (outcome.stopRun) {
          runError = outcome.report.error();
          break;
        }
      }
    } else {
      for (String cohortId : definition.cohortIds()) {
        reports.add(failed(cohortId, null, null, runError));
      }
    }

    RunStatus status = aggregate(reports, runError);
    if (runError == null && status != RunStatus.SUCCEEDED) {
      runError = reports.stream().filter(r -> r.error() != null)
          .map(r -> "cohort " + r.cohortId() + ": " + r.error()).findFirst().orElse(null);
    }
    Instant finishedAt = config.clock().instant();
    store.finishRun(runId, finishedAt, status, runError, reports);
    RunReport report = new RunReport(
        runId, definition.id(), trigger, startedAt, finishedAt, status, runError, reports);
    RunReport.Totals totals = report.totals();
    log.info("sync {} run {} {}: {} true, {} false, {} skipped, {} failed", definition.id(), runId, status,
        totals.sentTrue(), totals.sentFalse(), totals.skipped(), totals.failed());
    return new Outcome(report, disableReason);
  }

  private record CohortOutcome(CohortReport report, String disableReason, boolean stopRun) {}

  private CohortOutcome syncCohort(
      SyncDefinition definition, long runId, String cohortId, AmplitudeClient.CohortInfo info, LeaseKeeper lease) {
    String syncId = definition.id();
    if (info == null) {
      return new CohortOutcome(failed(cohortId, null, null,
          "cohort " + cohortId + " is not in the project's cohort list; check the id, or remove it from the sync"),
          null, false);
    }
    if (info.archived()) {
      String reason = "cohort " + cohortId + " (\"" + info.name() + "\") is archived; the sync failed and its"
          + " schedule is disabled, as Amplitude does. Unarchive the cohort or remove it, then update the sync";
      return new CohortOutcome(failed(cohortId, info.name(), null, reason), reason, false);
    }
    String sizeProblem = sizeProblem(definition.cadence(), info);
    if (sizeProblem != null) {
      return new CohortOutcome(failed(cohortId, info.name(), null, sizeProblem), null, false);
    }
    String traitKey = definition.traitKeyTemplate().render(info.name(), cohortId);
    CohortCounters counters = new CohortCounters();
    Delivery delivery = new Delivery(
        config, store, sender, pool, definition.target(), syncId, cohortId, lease, counters);
    long skipped = 0;
    List<String> skippedListed = List.of();
    String error = null;
    boolean stopRun = false;
    try {
      List<PendingBatch> pending = store.pending(syncId, cohortId);
      if (!pending.isEmpty()) {
        log.info("sync {} cohort {}: replaying {} pending batches first", syncId, cohortId, pending.size());
        pending.forEach(delivery::replay);
        delivery.awaitAll();
      }
      if (counters.unacknowledgedBatches.get() > 0) {
        error = counters.unacknowledgedBatches.get() + " batches from an earlier run are still unacknowledged;"
            + " they are resent first on the next run, before new changes are computed";
      } else {
        CohortKey current = currentKey(definition, cohortId, traitKey);
        AmplitudeClient.Export export = amplitude.export(definition.source(), cohortId, lease::heartbeat);
        skipped = export.skipped().size();
        config.listener().exportRead(syncId, cohortId, export.members().size(), skipped);
        skippedListed = storeSkipped(runId, cohortId, export.skipped());
        if (definition.renamePolicy() == RenamePolicy.RETIRE_OLD_KEY) {
          for (CohortKey old : store.keys(syncId, cohortId)) {
            if (old.keyId() != current.keyId() && store.hasMembers(old.keyId())) {
              delivery.deliver(old, new Diff(SortedIds.empty(), loadState(old)));
            }
          }
        }
        SortedIds state = loadState(current);
        config.listener().changesFound(syncId, cohortId, Diff.count(export.members(), state));
        delivery.deliver(current, new Diff(export.members(), state));
        delivery.awaitAll();
        if (counters.failed.get() > 0) {
          error = counters.failed.get() + " changes were not delivered; first reason: " + counters.failures().get(0);
        }
      }
    } catch (AmplitudeException e) {
      error = e.getMessage();
    } catch (LeaseKeeper.LeaseLostException e) {
      error = e.getMessage();
      stopRun = true;
    } catch (RuntimeException e) {
      log.error("sync {} cohort {} failed", syncId, cohortId, e);
      error = "unexpected failure: " + e;
    } finally {
      try {
        delivery.awaitAll();
      } catch (RuntimeException e) {
        log.error("sync {} cohort {}: settling batches failed", syncId, cohortId, e);
        if (error == null) {
          error = "settling batches failed: " + e.getMessage();
        }
      }
    }
    RunStatus status;
    if (error == null) {
      status = RunStatus.SUCCEEDED;
    } else {
      status = counters.acknowledged() > 0 ? RunStatus.PARTIAL : RunStatus.FAILED;
    }
    CohortReport report = new CohortReport(
        cohortId, info.name(), traitKey, status, error, counters.sentTrue.get(), counters.sentFalse.get(),
        skipped, skippedListed, counters.failed.get(), counters.retriedBatches.get(), counters.failures());
    return new CohortOutcome(report, null, stopRun);
  }

  /** Finds the key row for this run: existing, renamed from the previous key, or new. */
  private CohortKey currentKey(SyncDefinition definition, String cohortId, String traitKey) {
    List<CohortKey> keys = store.keys(definition.id(), cohortId);
    for (CohortKey key : keys) {
      if (key.traitKey().equals(traitKey)) {
        return key;
      }
    }
    if (definition.renamePolicy() == RenamePolicy.KEEP_OLD_KEY && !keys.isEmpty()) {
      CohortKey previous = keys.get(keys.size() - 1);
      log.info("sync {} cohort {}: trait key changed from \"{}\" to \"{}\"; continuing its state under the new key",
          definition.id(), cohortId, previous.traitKey(), traitKey);
      return store.renameKey(previous, traitKey);
    }
    return store.key(definition.id(), cohortId, traitKey);
  }

  private SortedIds loadState(CohortKey key) {
    SortedIds.Builder builder = new SortedIds.Builder();
    store.forEachMember(key.keyId(), (userId, member, changeCount) ->
        builder.add(userId, Diff.packState(member, changeCount)));
    return builder.build();
  }

  /** Stores every skipped id and returns the first ones for the report. */
  private List<String> storeSkipped(long runId, String cohortId, SortedIds skipped) {
    List<String> listed = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int first = 0;
    for (int i = 0; i < skipped.size(); i++) {
      String id = skipped.id(i);
      if (listed.size() < config.skippedListLimit()) {
        listed.add(id);
      }
      chunk.add(id);
      if (chunk.size() == 1_000) {
        store.addSkipped(runId, cohortId, chunk, first);
        first += chunk.size();
        chunk = new ArrayList<>();
      }
    }
    store.addSkipped(runId, cohortId, chunk, first);
    return listed;
  }

  private String sizeProblem(Cadence cadence, AmplitudeClient.CohortInfo info) {
    long limit = switch (cadence) {
      case EVERY_MINUTE -> config.maxUsersEveryMinute();
      case HOURLY -> config.maxUsersHourly();
      default -> 0;
    };
    if (limit == 0 || info.size() == null || info.size() <= limit) {
      return null;
    }
    return "cohort " + info.id() + " has " + info.size() + " users, more than the " + limit + " that Amplitude allows"
        + " for " + cadence + " syncs; use " + (cadence == Cadence.EVERY_MINUTE ? "HOURLY or DAILY" : "DAILY")
        + " for this cohort";
  }

  private static CohortReport failed(String cohortId, String name, String traitKey, String error) {
    return new CohortReport(
        cohortId, name, traitKey, RunStatus.FAILED, error, 0, 0, 0, List.of(), 0, 0, List.of());
  }

  private static RunStatus aggregate(List<CohortReport> reports, String runError) {
    if (reports.isEmpty()) {
      return runError == null ? RunStatus.SUCCEEDED : RunStatus.FAILED;
    }
    boolean allSucceeded = reports.stream().allMatch(r -> r.status() == RunStatus.SUCCEEDED);
    boolean allFailed = reports.stream().allMatch(r -> r.status() == RunStatus.FAILED);
    if (allSucceeded && runError == null) {
      return RunStatus.SUCCEEDED;
    }
    return allFailed ? RunStatus.FAILED : RunStatus.PARTIAL;
  }
}
