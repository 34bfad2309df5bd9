package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.CohortSpec;
import dev.cohortsync.emulator.amplitude.ExportJobInfo.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The state of one project: users, cohorts, export jobs, limits and the request gate.
 *
 * <p>State changes run under this object's monitor and do no I/O there, so a slow client
 * downloading an export does not block other requests. Cohorts are immutable versions, so a caller
 * can use one after the lock is released.
 */
public final class ProjectState {

  private final AmplitudeProject project;
  private final AmplitudeSettings settings;
  private final UserDirectory users = new UserDirectory();
  private final Map<String, Cohort> cohorts = new LinkedHashMap<>();
  private final Map<String, ExportJob> jobs = new LinkedHashMap<>();
  private final Set<String> cohortsBeingWritten = new HashSet<>();
  private final ProjectLimits limits;
  private final HoldGate gate = new HoldGate();
  private final IdGenerator ids;
  private long eventsIngested;

  ProjectState(AmplitudeProject project, AmplitudeSettings settings, long idSeed) {
    this.project = project;
    this.settings = settings;
    this.limits = new ProjectLimits(settings);
    this.ids = new IdGenerator(idSeed);
  }

  public AmplitudeProject project() {
    return project;
  }

  // ---- users

  public synchronized void upsertUsers(Collection<AmplitudeUser> batch) {
    users.upsert(batch);
  }

  /** Returns the user, or null if the Amplitude id is unknown. */
  public synchronized AmplitudeUser user(long amplitudeId) {
    return users.get(amplitudeId);
  }

  /** Returns the Amplitude id of a user id, or 0 if unknown. */
  public synchronized long amplitudeIdOf(String userId) {
    return users.amplitudeIdOf(userId);
  }

  public synchronized List<AmplitudeUser> users(String userId, int offset, int limit) {
    return users.list(userId, offset, limit);
  }

  public synchronized int userCount() {
    return users.size();
  }

  /** Returns a fresh Amplitude id, for users first seen by ingestion. */
  public synchronized long nextAmplitudeId() {
    return users.nextAmplitudeId();
  }

  /**
   * Resolves (creating if needed) the user of an ingested event or identification and applies
   * its user property operations.
   *
   * @param userProperties the {@code user_properties} object, or null
   * @return the user's Amplitude id
   */
  public synchronized long ingest(String userId, String deviceId, JsonNode userProperties) {
    long amplitudeId = users.resolveForIngestion(userId, deviceId);
    if (userProperties != null && !userProperties.isEmpty()) {
      AmplitudeUser user = users.get(amplitudeId);
      users.setProperties(amplitudeId, UserPropertyOperations.apply(user.properties(), userProperties));
    }
    return amplitudeId;
  }

  public synchronized void countIngestedEvents(int events) {
    eventsIngested += events;
  }

  public synchronized long eventsIngested() {
    return eventsIngested;
  }

  /**
   * Looks up the users of {@code members[from, to)} in one locked step; unknown users leave null
   * in {@code out}.
   */
  public synchronized void resolveUsers(Membership members, int from, int to, AmplitudeUser[] out) {
    for (int i = from; i < to; i++) {
      out[i - from] = users.get(members.get(i));
    }
  }

  // ---- cohorts

  /**
   * Creates a cohort.
   *
   * @param members the first computed members, or null for a cohort never computed
   * @throws ConflictException if the spec's id is taken in this project
   */
  public synchronized Cohort createCohort(
      CohortSpec spec, ObjectNode definition, String type, Membership members, Instant now) {
    String id = spec.id() == null ? ids.cohortId(cohorts::containsKey) : spec.id();
    if (cohorts.containsKey(id)) {
      throw new ConflictException(
          "cohort \"" + id + "\" already exists in project " + project.name(),
          "pick another id, or leave it out to generate one");
    }
    Cohort cohort =
        new Cohort(
            id, spec.name(), spec.description(), spec.owners(), List.of(), spec.published(), false,
            type, definition, now, now, members == null ? null : now,
            members == null ? Membership.EMPTY : members, List.of());
    cohorts.put(id, cohort);
    return cohort;
  }

  /** Returns the current version of a cohort, or null. */
  public synchronized Cohort findCohort(String id) {
    return cohorts.get(id);
  }

  /**
   * Returns the current version of a cohort.
   *
   * @throws UnknownResourceException if the project has no such cohort
   */
  public synchronized Cohort cohort(String id) {
    Cohort cohort = cohorts.get(id);
    if (cohort == null) {
      throw new UnknownResourceException(
          "cohort", id, "list the cohorts of project " + project.name() + " to find its id");
    }
    return cohort;
  }

  /** Lists cohorts in creation order. */
  public synchronized List<Cohort> cohorts() {
    return List.copyOf(cohorts.values());
  }

  /** Runs {@code work} under the project lock, so several reads and one change are atomic. */
  public synchronized <T> T atomically(Supplier<T> work) {
    return work.get();
  }

  /** Replaces a cohort with {@code change} applied to its current version, and returns it. */
  public synchronized Cohort update(String id, UnaryOperator<Cohort> change) {
    Cohort updated = change.apply(cohort(id));
    cohorts.put(id, updated);
    return updated;
  }

  public Cohort setMembers(String id, Membership members, Instant now) {
    return update(id, c -> c.withMembers(members, now));
  }

  /** Adds members; {@code added} must be sorted and distinct. */
  public Cohort addMembers(String id, long[] added, Instant now) {
    return update(id, c -> c.withMembers(c.members().plus(added), now));
  }

  /** Removes members; {@code removed} must be sorted and distinct. */
  public Cohort removeMembers(String id, long[] removed, Instant now) {
    return update(id, c -> c.withMembers(c.members().minus(removed), now));
  }

  /**
   * Marks a vendor write to the cohort as in progress; false if another one is, and the
   * membership API then responds with 429.
   */
  public synchronized boolean tryClaimWrite(String cohortId) {
    return cohortsBeingWritten.add(cohortId);
  }

  public synchronized void releaseWrite(String cohortId) {
    cohortsBeingWritten.remove(cohortId);
  }

  // ---- exports

  /**
   * Starts an export of a cohort's current members if the limits allow it.
   *
   * @param propertyKeys requested property columns; empty with {@code withProperties} means every
   *     property key that a member has, sorted
   * @throws UnknownResourceException if the cohort does not exist
   * @throws ExportTooLargeException if the cohort has more members than may be downloaded
   * @throws LimitExceededException if a rate, parallelism or monthly limit refuses the export
   */
  public synchronized ExportJob startExport(
      String cohortId, boolean withProperties, List<String> propertyKeys, Instant now) {
    Cohort cohort = cohort(cohortId);
    if (cohort.members().size() > settings.maxExportMembers) {
      throw new ExportTooLargeException(cohortId, cohort.members().size(), settings.maxExportMembers);
    }
    expireJobs(now);
    int running = 0;
    Instant firstCompletion = null;
    for (ExportJob job : jobs.values()) {
      if (job.status(now) == Status.IN_PROGRESS) {
        running++;
        if (firstCompletion == null || job.completesAt().isBefore(firstCompletion)) {
          firstCompletion = job.completesAt();
        }
      }
    }
    LimitViolation violation = limits.checkExport(now, running, firstCompletion);
    if (violation != null) {
      throw new LimitExceededException(violation);
    }
    List<String> columns = withProperties ? propertyColumns(cohort.members(), propertyKeys) : List.of();
    String requestId = ids.requestId(jobs::containsKey);
    Instant completesAt = now.plus(settings.exportJobDuration);
    ExportJob job =
        new ExportJob(
            requestId, cohortId, cohort.members(), withProperties, columns, now, completesAt,
            completesAt.plus(settings.fileLinkLifetime));
    jobs.put(requestId, job);
    limits.recordExport(now);
    return job;
  }

  /**
   * Returns an export job.
   *
   * @throws UnknownResourceException if the project has no job with this request id
   */
  public synchronized ExportJob exportJob(String requestId, Instant now) {
    expireJobs(now);
    ExportJob job = jobs.get(requestId);
    if (job == null) {
      throw new UnknownResourceException(
          "export request", requestId, "request an export with GET /api/5/cohorts/request/:cohort_id");
    }
    return job;
  }

  public synchronized List<ExportJob> exportJobs(Instant now) {
    expireJobs(now);
    return List.copyOf(jobs.values());
  }

  public synchronized ProjectLimits.Usage usage(Instant now) {
    return limits.usage(now);
  }

  private void expireJobs(Instant now) {
    for (ExportJob job : jobs.values()) {
      if (job.members() != null && job.status(now) == Status.EXPIRED) {
        job.releaseMembers();
      }
    }
  }

  private List<String> propertyColumns(Membership members, List<String> requested) {
    Set<String> columns = new LinkedHashSet<>();
    if (requested.isEmpty()) {
      Set<String> all = new TreeSet<>();
      for (int i = 0; i < members.size(); i++) {
        AmplitudeUser user = users.get(members.get(i));
        if (user != null) {
          all.addAll(user.properties().keySet());
        }
      }
      columns.addAll(all);
    } else {
      columns.addAll(requested);
    }
    // The first two columns are fixed; a property named like one of them would make the header
    // ambiguous, so it is left out.
    columns.remove("amplitude_id");
    columns.remove("user_id");
    return new ArrayList<>(columns);
  }

  // ---- concurrency and the request gate

  /** Takes a slot for a vendor request in flight; false if the project's slots are all taken. */
  public boolean tryEnterRequest() {
    return limits.tryEnterRequest();
  }

  public void exitRequest() {
    limits.exitRequest();
  }

  public LimitViolation concurrencyViolation() {
    return limits.concurrencyViolation();
  }

  public int requestsInFlight() {
    return limits.inFlight();
  }

  /** Waits while the project is held (see {@link #hold()}); returns at once otherwise. */
  public void pauseIfHeld() throws InterruptedException {
    gate.pass(settings.maxHoldWait);
  }

  /** Makes vendor requests of this project wait at their pause point until {@link #release()}. */
  public void hold() {
    gate.hold();
  }

  public void release() {
    gate.release();
  }

  public boolean held() {
    return gate.held();
  }

  public int heldRequests() {
    return gate.waiting();
  }
}
