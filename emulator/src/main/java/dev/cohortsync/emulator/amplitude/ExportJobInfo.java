package dev.cohortsync.emulator.amplitude;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one cohort export job.
 *
 * @param requestId the 6-character id returned by {@code GET /api/5/cohorts/request/:cohort_id}
 * @param memberCount members in the export, fixed when the job was requested
 * @param propertyColumns property columns after {@code amplitude_id,user_id}; empty without
 *     {@code props=1}
 * @param completesAt when the job reports {@code JOB COMPLETED}
 * @param fileExpiresAt when the {@code /file} link stops working
 * @param downloads how many times {@code /file} returned data or a redirect
 */
public record ExportJobInfo(
    String requestId,
    String cohortId,
    Status status,
    int memberCount,
    List<String> propertyColumns,
    Instant requestedAt,
    Instant completesAt,
    Instant fileExpiresAt,
    int downloads) {

  /** Job state on the virtual clock. */
  public enum Status {
    IN_PROGRESS,
    COMPLETED,
    EXPIRED
  }

  public ExportJobInfo {
    propertyColumns = List.copyOf(propertyColumns);
  }
}
