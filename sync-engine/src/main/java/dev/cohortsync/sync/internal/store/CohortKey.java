package dev.cohortsync.sync.internal.store;

/** A trait key that a (sync, cohort) has delivered, or is about to deliver, under. */
public record CohortKey(long keyId, String syncId, String cohortId, String traitKey) {}
