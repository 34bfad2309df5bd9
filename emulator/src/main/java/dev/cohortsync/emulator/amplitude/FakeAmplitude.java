package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.amplitude.internal.AmplitudeControl;
import dev.cohortsync.emulator.amplitude.internal.AmplitudeStore;
import dev.cohortsync.emulator.amplitude.internal.Cohort;
import dev.cohortsync.emulator.amplitude.internal.ControlRoutes;
import dev.cohortsync.emulator.amplitude.internal.ExportJob;
import dev.cohortsync.emulator.amplitude.internal.InvalidInputException;
import dev.cohortsync.emulator.amplitude.internal.ProjectState;
import dev.cohortsync.emulator.amplitude.internal.VendorRoutes;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * Fake Amplitude: the Behavioral Cohorts REST API (list, asynchronous export, upload, membership
 * edits) over projects, users and cohorts that tests and demos control through this Java API or
 * the control routes under {@code /_emulator/amplitude/}.
 *
 * <p>Time comes only from the shared {@link VirtualClock}: export jobs, download links and rate
 * limits all move with it. Membership is kept by Amplitude id; a member without a known user, or
 * whose user has no user id, exports with an empty {@code user_id}.
 *
 * <p>Errors of the Java API: {@link IllegalArgumentException} for an invalid value,
 * {@link java.util.NoSuchElementException} for an unknown project or cohort and
 * {@link IllegalStateException} for a duplicate api key, app id, cohort id or user id. A failed
 * call changes nothing. All methods are thread-safe.
 *
 * @see <a href="https://amplitude.com/docs/apis/analytics/behavioral-cohorts">Behavioral Cohorts
 *     API</a>
 */
public final class FakeAmplitude implements EmulatorComponent {

  private final AmplitudeSettings settings;
  private final VirtualClock clock;
  private final AmplitudeStore store;
  private final AmplitudeControl control;

  /**
   * Creates the fake with no projects.
   *
   * @throws IllegalArgumentException if a setting is invalid (see {@link AmplitudeSettings#validate()})
   */
  public FakeAmplitude(AmplitudeSettings settings, VirtualClock clock) {
    settings.validate();
    this.settings = settings;
    this.clock = clock;
    this.store = new AmplitudeStore(settings);
    this.control = new AmplitudeControl(store, clock);
  }

  @Override
  public String name() {
    return "amplitude";
  }

  @Override
  public void addRoutes(RoutesConfig routes) {
    new VendorRoutes(settings, clock, store).addRoutes(routes);
    new ControlRoutes(control, clock).addRoutes(routes);
  }

  /** Drops every project, user, cohort and export job; held requests are released first. */
  @Override
  public void reset() {
    control.reset();
  }

  @Override
  public Map<String, Object> status() {
    int cohorts = 0;
    int users = 0;
    int exports = 0;
    Instant now = clock.instant();
    List<ProjectState> projects = store.projects();
    for (ProjectState project : projects) {
      cohorts += project.cohorts().size();
      users += project.userCount();
      exports += project.exportJobs(now).size();
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("projects", projects.size());
    status.put("cohorts", cohorts);
    status.put("users", users);
    status.put("exportJobs", exports);
    status.put("exportJobDuration", settings.exportJobDuration.toString());
    status.put("inlineFileMaxMembers", settings.inlineFileMaxMembers);
    return status;
  }

  @Override
  public String openApiFragment() {
    return "openapi/amplitude.yaml";
  }

  @Override
  public void close() {
    store.clear();
  }

  // ---- Java API

  /**
   * Adds a project with no users and no cohorts.
   *
   * @throws IllegalStateException if its api key or app id is already used
   */
  public void createProject(AmplitudeProject project) {
    control.createProject(project);
  }

  /** Lists the projects in creation order. */
  public List<AmplitudeProject> projects() {
    return store.projects().stream().map(ProjectState::project).toList();
  }

  /**
   * Inserts users or replaces them by Amplitude id (properties are replaced, not merged). A user
   * id may belong to one Amplitude id only. An anonymous member who is given a user id later
   * exports with that id from then on.
   *
   * @throws IllegalStateException if a user id would belong to two Amplitude ids
   */
  public void upsertUsers(String apiKey, Collection<AmplitudeUser> users) {
    control.upsertUsers(apiKey, users);
  }

  /** Returns the user with this Amplitude id, if the project has one. */
  public Optional<AmplitudeUser> user(String apiKey, long amplitudeId) {
    return Optional.ofNullable(control.project(apiKey).user(amplitudeId));
  }

  /**
   * Creates a cohort that has never been computed: it lists with null {@code size} and
   * {@code lastComputed} until its members are first set.
   *
   * @return the cohort id, generated in Amplitude's shape when the spec has none
   * @throws IllegalStateException if the spec's id is already used in the project
   */
  public String createCohort(String apiKey, CohortSpec spec) {
    return control.createCohort(apiKey, spec, null, null, null).id();
  }

  /**
   * Replaces the members and marks the cohort computed now ({@code lastComputed}, {@code lastMod}
   * and {@code size} change). Duplicates are ignored; unknown Amplitude ids are allowed.
   */
  public void setMembers(String apiKey, String cohortId, Collection<Long> amplitudeIds) {
    control.setMembersAdopting(apiKey, cohortId, toArray(amplitudeIds));
  }

  /** Same as {@link #setMembers(String, String, Collection)}, for large generated cohorts. */
  public void setMembers(String apiKey, String cohortId, LongStream amplitudeIds) {
    control.setMembersAdopting(apiKey, cohortId, amplitudeIds.toArray());
  }

  /** Adds members (existing ones stay) and marks the cohort computed now. */
  public void addMembers(String apiKey, String cohortId, Collection<Long> amplitudeIds) {
    control.addMembers(apiKey, cohortId, toArray(amplitudeIds));
  }

  /** Removes members (ids that are not members are ignored) and marks the cohort computed now. */
  public void removeMembers(String apiKey, String cohortId, Collection<Long> amplitudeIds) {
    control.removeMembers(apiKey, cohortId, toArray(amplitudeIds));
  }

  /** Changes the display name; the id, and so any export, stays the same. */
  public void renameCohort(String apiKey, String cohortId, String newName) {
    control.rename(apiKey, cohortId, newName);
  }

  /** Marks the cohort archived; it stays listed with {@code archived: true}. */
  public void archiveCohort(String apiKey, String cohortId) {
    control.setArchived(apiKey, cohortId, true);
  }

  public void unarchiveCohort(String apiKey, String cohortId) {
    control.setArchived(apiKey, cohortId, false);
  }

  /** Replaces the cohort's destination syncs, reported with {@code includeSyncInfo=true}. */
  public void setCohortSyncs(String apiKey, String cohortId, List<CohortSync> syncs) {
    control.setSyncs(apiKey, cohortId, syncs);
  }

  public CohortInfo cohort(String apiKey, String cohortId) {
    return control.cohort(apiKey, cohortId).info();
  }

  /** Lists the project's cohorts in creation order. */
  public List<CohortInfo> cohorts(String apiKey) {
    return control.cohorts(apiKey).stream().map(Cohort::info).toList();
  }

  /** Returns the members in ascending Amplitude id order. */
  public long[] members(String apiKey, String cohortId) {
    return control.cohort(apiKey, cohortId).members().toArray();
  }

  /** Lists the project's export jobs in request order, with their state on the virtual clock. */
  public List<ExportJobInfo> exportJobs(String apiKey) {
    Instant now = clock.instant();
    List<ExportJobInfo> jobs = new ArrayList<>();
    for (ExportJob job : control.exportJobs(apiKey)) {
      jobs.add(job.info(now));
    }
    return jobs;
  }

  /**
   * Makes the project's vendor requests wait mid-flight (after authentication, the concurrency
   * slot and any cohort write claim) until {@link #releaseRequests(String)}, or at most
   * {@link AmplitudeSettings#maxHoldWait} of real time. Lets tests overlap requests on purpose.
   */
  public void holdRequests(String apiKey) {
    control.project(apiKey).hold();
  }

  public void releaseRequests(String apiKey) {
    control.project(apiKey).release();
  }

  /** Vendor requests of the project currently waiting because of {@link #holdRequests(String)}. */
  public int heldRequests(String apiKey) {
    return control.project(apiKey).heldRequests();
  }

  private static long[] toArray(Collection<Long> ids) {
    if (ids == null) {
      throw new InvalidInputException("amplitudeIds", null, "is required", "pass a collection");
    }
    long[] array = new long[ids.size()];
    int i = 0;
    for (Long id : ids) {
      if (id == null) {
        throw new InvalidInputException(
            "amplitudeIds[" + i + "]", null, "is null", "pass positive amplitude ids only");
      }
      array[i++] = id;
    }
    return array;
  }
}
