package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.ExportJobInfo;
import dev.cohortsync.emulator.amplitude.ExportJobInfo.Status;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cohort export. The member set is fixed when the job is requested, so later membership edits
 * do not change the file. User ids and properties are read when the file is written.
 */
public final class ExportJob {

  private final String requestId;
  private final String cohortId;
  private final int memberCount;
  private final boolean withProperties;
  private final List<String> propertyColumns;
  private final Instant requestedAt;
  private final Instant completesAt;
  private final Instant fileExpiresAt;
  private final AtomicInteger downloads = new AtomicInteger();
  // Dropped when the file link expires, so old jobs of big cohorts do not pin their member arrays.
  private volatile Membership members;

  ExportJob(
      String requestId,
      String cohortId,
      Membership members,
      boolean withProperties,
      List<String> propertyColumns,
      Instant requestedAt,
      Instant completesAt,
      Instant fileExpiresAt) {
    this.requestId = requestId;
    this.cohortId = cohortId;
    this.members = members;
    this.memberCount = members.size();
    this.withProperties = withProperties;
    this.propertyColumns = List.copyOf(propertyColumns);
    this.requestedAt = requestedAt;
    this.completesAt = completesAt;
    this.fileExpiresAt = fileExpiresAt;
  }

  public String requestId() {
    return requestId;
  }

  public String cohortId() {
    return cohortId;
  }

  public int memberCount() {
    return memberCount;
  }

  public boolean withProperties() {
    return withProperties;
  }

  public List<String> propertyColumns() {
    return propertyColumns;
  }

  public Instant completesAt() {
    return completesAt;
  }

  public Instant fileExpiresAt() {
    return fileExpiresAt;
  }

  public Status status(Instant now) {
    if (now.isBefore(completesAt)) {
      return Status.IN_PROGRESS;
    }
    return now.isBefore(fileExpiresAt) ? Status.COMPLETED : Status.EXPIRED;
  }

  /** Returns the members, or null once the file link has expired. */
  public Membership members() {
    return members;
  }

  void releaseMembers() {
    members = null;
  }

  public void countDownload() {
    downloads.incrementAndGet();
  }

  public ExportJobInfo info(Instant now) {
    return new ExportJobInfo(
        requestId, cohortId, status(now), memberCount, propertyColumns, requestedAt, completesAt,
        fileExpiresAt, downloads.get());
  }
}
