package dev.cohortsync.emulator.timeline;

import dev.cohortsync.sync.Cadence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted history of one Amplitude project and the syncs that read it: the project, its users
 * and cohorts, the syncs, and steps that change membership or start syncs at offsets from
 * {@link #start()}.
 *
 * <p>Files named in a timeline (users and member lists) are CSV paths relative to the timeline
 * file; {@link TimelineFiles} reads them.
 */
public record Timeline(
    String name,
    String description,
    Instant start,
    Duration end,
    Project project,
    String usersFile,
    List<Cohort> cohorts,
    String writeKey,
    List<Sync> syncs,
    List<Step> steps) {

  public Timeline {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(project, "project");
    cohorts = List.copyOf(cohorts);
    syncs = List.copyOf(syncs);
    steps = List.copyOf(steps);
  }

  /** The Amplitude project every cohort of the timeline belongs to. */
  public record Project(String name, long appId, String apiKey, String secretKey, String region) {}

  /** A cohort as created at the start of the timeline. */
  public record Cohort(String id, String name, String description, List<String> owners, boolean published) {
    public Cohort {
      owners = List.copyOf(owners);
    }
  }

  /** A sync from the project's cohorts to the timeline's Segment write key. */
  public record Sync(String id, List<String> cohortIds, Cadence cadence, String traitKeyTemplate) {
    public Sync {
      cohortIds = List.copyOf(cohortIds);
    }
  }

  /** One change at an offset from the start; steps at the same offset apply in file order. */
  public sealed interface Step {
    Duration at();
  }

  /** Replaces ({@code setFile}) or edits ({@code addFile}, {@code removeFile}) a cohort's members. */
  public record MembersStep(Duration at, String cohortId, String setFile, String addFile, String removeFile)
      implements Step {}

  /** Inserts or updates users from a CSV file, for example anonymous users who got a user_id. */
  public record UsersStep(Duration at, String file) implements Step {}

  /** Creates a sync defined in {@link Timeline#syncs()}; its first run starts at once. */
  public record CreateSyncStep(Duration at, String syncId) implements Step {}

  /** Runs a sync now, as a manual sync does, whatever its cadence. */
  public record RunSyncStep(Duration at, String syncId) implements Step {}

  /** Renames a cohort. */
  public record RenameStep(Duration at, String cohortId, String newName) implements Step {}

  /** Archives a cohort; the next run of a sync that includes it fails. */
  public record ArchiveStep(Duration at, String cohortId) implements Step {}

  /** Looks up a sync by id. */
  public Sync sync(String id) {
    return syncs.stream()
        .filter(sync -> sync.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("timeline " + name + " has no sync " + id));
  }

  /** Cohort names by id, as created at the start. */
  public Map<String, String> cohortNames() {
    return cohorts.stream()
        .collect(java.util.stream.Collectors.toUnmodifiableMap(Cohort::id, Cohort::name));
  }
}
