package dev.cohortsync.sync;

/**
 * What a sync does when a cohort's trait key changes, usually because the cohort was renamed in
 * Amplitude. Public documentation does not say what Amplitude sends to Segment on a rename.
 */
public enum RenamePolicy {
  /**
   * The default: the new key is used from then on and the diff continues where it was, so a member
   * who stayed gets nothing, a new member gets {@code true} under the new key, and the old key is
   * never written again.
   */
  KEEP_OLD_KEY,
  /**
   * Also retires the old key: every member delivered under the old key gets {@code false} under it,
   * and the new key starts like a first sync ({@code true} for every current member), so each user
   * ends up with exactly one {@code true} trait for the cohort.
   */
  RETIRE_OLD_KEY
}
