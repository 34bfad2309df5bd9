package dev.cohortsync.sync;

import java.util.List;
import java.util.Objects;

/**
 * What one run did for one cohort.
 *
 * @param cohortName the name Amplitude listed at this run; null if the cohort list could not be read
 * @param traitKey the key the run wrote; null if the run stopped before choosing one
 * @param error why the cohort failed or partly failed; null when it succeeded
 * @param sentTrue {@code true} identifies Segment acknowledged (joins), including replayed ones
 * @param sentFalse {@code false} identifies Segment acknowledged (leaves and retired keys)
 * @param skipped distinct members without a user_id, which are never sent
 * @param skippedAmplitudeIds the Amplitude ids of skipped members, sorted, capped by
 *     {@link EngineConfig#skippedListLimit()} (the store keeps all of them)
 * @param failed changes that were not acknowledged: rejected, over the size limit, retries
 *     exhausted, or left pending; a later run sends them again
 * @param retriedBatches batches that needed at least one retry
 * @param failures short reasons for the failed changes, at most 20
 */
public record CohortReport(
    String cohortId,
    String cohortName,
    String traitKey,
    RunStatus status,
    String error,
    long sentTrue,
    long sentFalse,
    long skipped,
    List<String> skippedAmplitudeIds,
    long failed,
    long retriedBatches,
    List<String> failures) {

  public CohortReport {
    Objects.requireNonNull(cohortId, "cohortId");
    Objects.requireNonNull(status, "status");
    skippedAmplitudeIds = List.copyOf(skippedAmplitudeIds);
    failures = List.copyOf(failures);
  }

  /** Returns a copy without the skipped id list, for listings. */
  public CohortReport withoutSkippedIds() {
    return new CohortReport(
        cohortId, cohortName, traitKey, status, error, sentTrue, sentFalse, skipped, List.of(),
        failed, retriedBatches, failures);
  }
}
