package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.CohortSpec;
import dev.cohortsync.emulator.amplitude.CohortSync;
import dev.cohortsync.emulator.time.VirtualClock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations behind the fake's Java API and control routes. Failures are
 * {@link InvalidInputException} (bad value), {@link UnknownResourceException} (no such project or
 * cohort) and {@link ConflictException} (duplicate id); none of them changes any state.
 */
public final class AmplitudeControl {

  /** Cohort type of cohorts created without one, the value live behavioural cohorts carry. */
  public static final String DEFAULT_COHORT_TYPE = "redshift";

  private static final Logger log = LoggerFactory.getLogger(AmplitudeControl.class);

  private final AmplitudeStore store;
  private final VirtualClock clock;

  public AmplitudeControl(AmplitudeStore store, VirtualClock clock) {
    this.store = store;
    this.clock = clock;
  }

  public ProjectState createProject(AmplitudeProject project) {
    Checks.present("project", project, "pass an AmplitudeProject");
    ProjectState state = store.create(project);
    log.info(
        "amplitude project \"{}\" created: app {}, region {}, api key {}",
        LogText.safe(project.name()), project.appId(), project.region(),
        Keys.mask(project.apiKey()));
    return state;
  }

  public ProjectState project(String apiKey) {
    return store.require(apiKey);
  }

  public List<ProjectState> projects() {
    return store.projects();
  }

  public void upsertUsers(String apiKey, Collection<AmplitudeUser> users) {
    Checks.present("users", users, "pass a collection of users");
    int i = 0;
    for (AmplitudeUser user : users) {
      Checks.present("users[" + i + "]", user, "leave out null entries");
      i++;
    }
    project(apiKey).upsertUsers(List.copyOf(users));
  }

  /**
   * Creates a cohort.
   *
   * @param definition Amplitude's cohort definition to report, or null for an empty one
   * @param type value of the cohort's {@code type} field, or null for {@value #DEFAULT_COHORT_TYPE}
   * @param members first members (which mark the cohort computed now), or null for none
   */
  public Cohort createCohort(
      String apiKey, CohortSpec spec, ObjectNode definition, String type, long[] members) {
    Checks.present("spec", spec, "pass a CohortSpec");
    ProjectState project = project(apiKey);
    Membership initial = members == null ? null : Membership.adopt(checkedIds("amplitudeIds", members.clone()));
    Cohort cohort =
        project.createCohort(
            spec,
            definition == null ? CohortJson.defaultDefinition() : definition.deepCopy(),
            type == null ? DEFAULT_COHORT_TYPE : Checks.name("type", type),
            initial,
            clock.instant());
    log.debug(
        "amplitude cohort {} \"{}\" created in app {}", cohort.id(), LogText.safe(cohort.name()),
        project.project().appId());
    return cohort;
  }

  public Cohort cohort(String apiKey, String cohortId) {
    return project(apiKey).cohort(cohortId);
  }

  public List<Cohort> cohorts(String apiKey) {
    return project(apiKey).cohorts();
  }

  /** Replaces the members; the array is copied. */
  public Cohort setMembers(String apiKey, String cohortId, long[] amplitudeIds) {
    return setMembersAdopting(apiKey, cohortId, amplitudeIds.clone());
  }

  /**
   * Replaces the members with an array the caller hands over and never touches again, which
   * saves a copy for very large cohorts.
   */
  public Cohort setMembersAdopting(String apiKey, String cohortId, long[] amplitudeIds) {
    ProjectState project = project(apiKey);
    project.cohort(cohortId);
    long[] ids = checkedIds("amplitudeIds", amplitudeIds);
    return project.setMembers(cohortId, Membership.adopt(ids), clock.instant());
  }

  public Cohort addMembers(String apiKey, String cohortId, long[] amplitudeIds) {
    ProjectState project = project(apiKey);
    long[] ids = Membership.sortedDistinct(checkedIds("amplitudeIds", amplitudeIds.clone()));
    return project.addMembers(cohortId, ids, clock.instant());
  }

  public Cohort removeMembers(String apiKey, String cohortId, long[] amplitudeIds) {
    ProjectState project = project(apiKey);
    long[] ids = Membership.sortedDistinct(checkedIds("amplitudeIds", amplitudeIds.clone()));
    return project.removeMembers(cohortId, ids, clock.instant());
  }

  public Cohort rename(String apiKey, String cohortId, String newName) {
    Checks.name("name", newName);
    return project(apiKey).update(cohortId, c -> c.withName(newName, clock.instant()));
  }

  public Cohort setArchived(String apiKey, String cohortId, boolean archived) {
    return project(apiKey).update(cohortId, c -> c.withArchived(archived, clock.instant()));
  }

  public Cohort setSyncs(String apiKey, String cohortId, List<CohortSync> syncs) {
    Checks.present("syncs", syncs, "pass a list, empty to remove every sync");
    List<CohortSync> copy = new ArrayList<>(syncs.size());
    for (int i = 0; i < syncs.size(); i++) {
      copy.add(Checks.present("syncs[" + i + "]", syncs.get(i), "leave out null entries"));
    }
    return project(apiKey).update(cohortId, c -> c.withSyncs(copy));
  }

  public List<ExportJob> exportJobs(String apiKey) {
    return project(apiKey).exportJobs(clock.instant());
  }

  public void reset() {
    store.clear();
    log.info("amplitude state reset");
  }

  private static long[] checkedIds(String field, long[] ids) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] <= 0) {
        throw new InvalidInputException(
            field + "[" + i + "]", ids[i], "is not a valid amplitude id", "send positive integers");
      }
    }
    return ids;
  }
}
