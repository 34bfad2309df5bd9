package dev.cohortsync.sync;

/** What started a run. */
public enum Trigger {
  /** {@link SyncEngine#runNow}, the control API or the {@code sync} command. */
  MANUAL,
  /** {@link SyncEngine#tick} found the sync due. */
  SCHEDULED
}
