package dev.cohortsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run of a sync: when, how it ended, and per-cohort counts.
 *
 * @param finishedAt null while {@link RunStatus#RUNNING} or when {@link RunStatus#ABANDONED}
 * @param error why the run failed as a whole, or a summary of the cohorts that failed; null on success
 */
public record RunReport(
    long runId,
    String syncId,
    Trigger trigger,
    Instant startedAt,
    Instant finishedAt,
    RunStatus status,
    String error,
    List<CohortReport> cohorts) {

  public RunReport {
    Objects.requireNonNull(syncId, "syncId");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(status, "status");
    cohorts = List.copyOf(cohorts);
  }

  /** Sums of the per-cohort counts. */
  public Totals totals() {
    long sentTrue = 0;
    long sentFalse = 0;
    long skipped = 0;
    long failed = 0;
    long retried = 0;
    for (CohortReport cohort : cohorts) {
      sentTrue += cohort.sentTrue();
      sentFalse += cohort.sentFalse();
      skipped += cohort.skipped();
      failed += cohort.failed();
      retried += cohort.retriedBatches();
    }
    return new Totals(sentTrue, sentFalse, skipped, failed, retried);
  }

  /** Returns the report for one cohort, or null if the run did not touch it. */
  public CohortReport cohort(String cohortId) {
    for (CohortReport cohort : cohorts) {
      if (cohort.cohortId().equals(cohortId)) {
        return cohort;
      }
    }
    return null;
  }

  /** Totals of a run over all its cohorts. */
  public record Totals(long sentTrue, long sentFalse, long skipped, long failed, long retriedBatches) {}
}
