package dev.cohortsync.emulator.timeline;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.CohortSpec;
import dev.cohortsync.emulator.amplitude.FakeAmplitude;
import dev.cohortsync.emulator.amplitude.Region;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.emulator.timeline.Timeline.ArchiveStep;
import dev.cohortsync.emulator.timeline.Timeline.CreateSyncStep;
import dev.cohortsync.emulator.timeline.Timeline.MembersStep;
import dev.cohortsync.emulator.timeline.Timeline.RenameStep;
import dev.cohortsync.emulator.timeline.Timeline.RunSyncStep;
import dev.cohortsync.emulator.timeline.Timeline.Step;
import dev.cohortsync.emulator.timeline.Timeline.UsersStep;
import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Plays a {@link Timeline} on a running {@link Emulator}: creates the Amplitude project, users and
 * cohorts, registers the Segment write key as a source, then applies each step at its offset by
 * moving the emulator's virtual clock there. Scheduled syncs run when the clock passes their due
 * time, exactly as in {@code serve}; the engine reads the fake Amplitude and writes to the fake
 * Segment over HTTP.
 *
 * <p>The timeline starts at {@link Timeline#start()}, or at the emulator's current instant when
 * the clock is already past it (a clock never runs backwards). For reproducible output, create the
 * emulator with {@code VirtualClock.frozenAt(timeline.start())} and the sync ticker off.
 */
public final class TimelinePlayer {

  /** Receives progress while a timeline plays; both methods run on the playing thread. */
  public interface Listener {
    /** Called after each step has been applied. */
    default void stepApplied(Instant at, Step step) {}

    /** Called once for every sync run that finished, in the order the runs started. */
    default void runFinished(RunReport report) {}
  }

  /** Outcome of a played timeline: where on the clock it started and ended, and every sync run. */
  public record Result(Instant origin, Instant end, List<RunReport> runs) {
    public Result {
      runs = List.copyOf(runs);
    }
  }

  private final Emulator emulator;
  private final Timeline timeline;
  private final TimelineFiles files;
  private final Listener listener;
  private final List<RunReport> runs = new ArrayList<>();
  private final Set<Long> reportedRunIds = new HashSet<>();
  private final Set<String> createdSyncs = new HashSet<>();

  public TimelinePlayer(Emulator emulator, Timeline timeline, TimelineSource source, Listener listener) {
    this.emulator = Objects.requireNonNull(emulator, "emulator");
    this.timeline = Objects.requireNonNull(timeline, "timeline");
    this.files = new TimelineFiles(source);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Plays the whole timeline and returns every sync run it caused.
   *
   * @throws TimelineException if a file is missing or invalid, or the fake rejects a step
   */
  public Result play() {
    files.checkAll(timeline);
    VirtualClock clock = emulator.clock();
    Instant origin = clock.instant().isAfter(timeline.start()) ? clock.instant() : timeline.start();
    moveClockTo(origin);
    setUp();
    for (Step step : timeline.steps()) {
      moveClockTo(origin.plus(step.at()));
      apply(step);
      collectRuns();
      listener.stepApplied(clock.instant(), step);
    }
    moveClockTo(origin.plus(timeline.end()));
    return new Result(origin, clock.instant(), runs);
  }

  private void setUp() {
    Timeline.Project project = timeline.project();
    FakeAmplitude amplitude = emulator.amplitude();
    try {
      amplitude.createProject(
          new AmplitudeProject(
              project.name(), project.appId(), project.apiKey(), project.secretKey(),
              Region.valueOf(project.region())));
      if (timeline.usersFile() != null) {
        amplitude.upsertUsers(project.apiKey(), users(timeline.usersFile()));
      }
      for (Timeline.Cohort cohort : timeline.cohorts()) {
        amplitude.createCohort(
            project.apiKey(),
            new CohortSpec(cohort.id(), cohort.name(), cohort.description(), cohort.owners(), cohort.published()));
      }
    } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new TimelineException("timeline " + timeline.name() + ": the fake Amplitude rejected the set-up: " + e.getMessage(), e);
    }
    emulator.segment().registerSource(timeline.writeKey());
  }

  private void apply(Step step) {
    String apiKey = timeline.project().apiKey();
    FakeAmplitude amplitude = emulator.amplitude();
    try {
      if (step instanceof MembersStep members) {
        if (members.setFile() != null) {
          amplitude.setMembers(apiKey, members.cohortId(), files.amplitudeIds(members.setFile()));
        }
        if (members.addFile() != null) {
          amplitude.addMembers(apiKey, members.cohortId(), files.amplitudeIds(members.addFile()));
        }
        if (members.removeFile() != null) {
          amplitude.removeMembers(apiKey, members.cohortId(), files.amplitudeIds(members.removeFile()));
        }
      } else if (step instanceof UsersStep users) {
        amplitude.upsertUsers(apiKey, users(users.file()));
      } else if (step instanceof RenameStep rename) {
        amplitude.renameCohort(apiKey, rename.cohortId(), rename.newName());
      } else if (step instanceof ArchiveStep archive) {
        amplitude.archiveCohort(apiKey, archive.cohortId());
      } else if (step instanceof CreateSyncStep create) {
        createSync(create.syncId());
      } else if (step instanceof RunSyncStep run) {
        engine().runNow(run.syncId());
      }
    } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
      throw new TimelineException(
          "timeline " + timeline.name() + ": the " + describe(step) + " step at +" + step.at() + " failed: "
              + e.getMessage(), e);
    }
  }

  private static String describe(Step step) {
    if (step instanceof MembersStep members) {
      return "members (cohort " + members.cohortId() + ")";
    } else if (step instanceof UsersStep) {
      return "users";
    } else if (step instanceof RenameStep rename) {
      return "rename (cohort " + rename.cohortId() + ")";
    } else if (step instanceof ArchiveStep archive) {
      return "archive (cohort " + archive.cohortId() + ")";
    } else if (step instanceof CreateSyncStep create) {
      return "createSync (" + create.syncId() + ")";
    }
    return "runSync (" + ((RunSyncStep) step).syncId() + ")";
  }

  private void createSync(String syncId) {
    Timeline.Sync sync = timeline.sync(syncId);
    URI base = emulator.baseUri();
    SyncDefinition.Builder definition =
        SyncDefinition.builder(
                sync.id(),
                new AmplitudeSource(base, timeline.project().apiKey(), timeline.project().secretKey()),
                new SegmentTarget(base, timeline.writeKey()))
            .cohortIds(sync.cohortIds())
            .cadence(sync.cadence());
    if (sync.traitKeyTemplate() != null) {
      definition.traitKeyTemplate(sync.traitKeyTemplate());
    }
    engine().createSync(definition.build());
    createdSyncs.add(sync.id());
    // Amplitude starts a new sync right after it is configured; the first run is due now.
    engine().tick();
  }

  private List<AmplitudeUser> users(String file) {
    return files.users(file).stream()
        .map(row -> new AmplitudeUser(row.amplitudeId(), row.userId(), row.properties()))
        .toList();
  }

  /**
   * Moves the clock forward to {@code target} (never back), stopping at every scheduled run due on
   * the way so each runs at its own time, as it would on a real clock.
   */
  private void moveClockTo(Instant target) {
    VirtualClock clock = emulator.clock();
    Instant due = nextDueRun();
    while (due != null && !due.isAfter(target)) {
      if (due.isAfter(clock.instant())) {
        clock.set(due);
      }
      tickAndCollect();
      Instant next = nextDueRun();
      if (next != null && !next.isAfter(due)) {
        // The sync did not run (disabled, or leased by another engine): do not spin on it.
        break;
      }
      due = next;
    }
    if (target.isAfter(clock.instant())) {
      clock.set(target);
    }
    tickAndCollect();
  }

  private void tickAndCollect() {
    if (!createdSyncs.isEmpty()) {
      // The sync control's clock listener ticks too; this call covers a tick that was busy.
      engine().tick();
    }
    collectRuns();
  }

  /** The earliest next run of the syncs this timeline created, or null when none is scheduled. */
  private Instant nextDueRun() {
    Instant earliest = null;
    for (String syncId : createdSyncs) {
      Instant next = engine().sync(syncId).filter(Sync::enabled).map(Sync::nextRunAt).orElse(null);
      if (next != null && (earliest == null || next.isBefore(earliest))) {
        earliest = next;
      }
    }
    return earliest;
  }

  private void collectRuns() {
    List<RunReport> fresh = new ArrayList<>();
    for (String syncId : createdSyncs) {
      for (RunReport report : engine().runs(syncId)) {
        if (report.finishedAt() != null && reportedRunIds.add(report.runId())) {
          fresh.add(engine().run(report.runId()).orElse(report));
        }
      }
    }
    fresh.sort(Comparator.comparing(RunReport::startedAt).thenComparing(RunReport::runId));
    for (RunReport report : fresh) {
      runs.add(report);
      listener.runFinished(report);
    }
  }

  private SyncEngine engine() {
    return emulator.sync().engine();
  }
}
