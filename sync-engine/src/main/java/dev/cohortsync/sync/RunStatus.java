package dev.cohortsync.sync;

/** Outcome of a run, or of one cohort within a run. */
public enum RunStatus {
  /** Still running, as far as the store knows. */
  RUNNING,
  /** Every change was acknowledged by Segment (skipped members do not count against this). */
  SUCCEEDED,
  /** Some changes or some cohorts failed; the rest were delivered. Failed changes are retried next run. */
  PARTIAL,
  /** Nothing could be delivered, for example because the export or the cohort list failed. */
  FAILED,
  /** The engine stopped before the run finished (crash or kill); a later run picks up its work. */
  ABANDONED
}
