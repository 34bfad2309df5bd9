package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cadences on the engine clock, run history, and the management calls. */
class ScheduleTest {

  private final EngineHarness harness = EngineHarness.inMemory();

  @AfterEach
  void close() {
    harness.close();
  }

  private void create(Cadence cadence) {
    harness.engine.createSync(harness.definition("s1", "abc123").cadence(cadence).build());
  }

  @Test
  void firstRunIsDueRightAfterCreation() {
    harness.amplitude.members("abc123", "Power Users", "u1");
    create(Cadence.DAILY);

    List<RunReport> reports = harness.engine.tick();

    assertThat(reports).singleElement().satisfies(report -> {
      assertThat(report.trigger()).isEqualTo(Trigger.SCHEDULED);
      assertThat(report.cohort("abc123").sentTrue()).isEqualTo(1);
    });
    assertThat(harness.engine.sync("s1").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
  }

  @Test
  void oneTimeSyncRunsOnceAndNeverAgain() {
    harness.amplitude.members("abc123", "Power Users", "u1", "u2");
    create(Cadence.ONE_TIME);
    harness.engine.tick();
    harness.amplitude.members("abc123", "Power Users", "u1", "u3");
    harness.clock.advance(Duration.ofDays(30));

    List<RunReport> later = harness.engine.tick();

    assertThat(later).isEmpty();
    assertThat(harness.sentValues()).containsExactlyInAnyOrder("u1=true", "u2=true");
    assertThat(harness.engine.sync("s1").orElseThrow().nextRunAt()).isNull();
  }

  @Test
  void everyMinuteSyncPicksUpAJoinAtMinuteThree() {
    String[] initial = new String[10];
    for (int i = 0; i < 10; i++) {
      initial[i] = "u" + (i + 1);
    }
    harness.amplitude.members("abc123", "Power Users", initial);
    create(Cadence.EVERY_MINUTE);
    RunReport first = harness.engine.tick().get(0);
    harness.segment.clear();

    harness.clock.advance(Duration.ofMinutes(1));
    harness.engine.tick();
    harness.clock.advance(Duration.ofMinutes(1));
    harness.engine.tick();
    String[] withEleventh = java.util.Arrays.copyOf(initial, 11);
    withEleventh[10] = "u11";
    harness.amplitude.members("abc123", "Power Users", withEleventh);
    harness.clock.advance(Duration.ofMinutes(1));
    List<RunReport> minuteThree = harness.engine.tick();

    assertThat(first.cohort("abc123").sentTrue()).isEqualTo(10);
    assertThat(minuteThree).singleElement().satisfies(report ->
        assertThat(report.cohort("abc123").sentTrue()).isEqualTo(1));
    assertThat(harness.sentValues()).containsExactly("u11=true");
    assertThat(harness.engine.runs("s1")).hasSize(4);
  }

  @Test
  void hourlySyncWaitsForTheHour() {
    harness.amplitude.members("abc123", "Power Users", "u1");
    create(Cadence.HOURLY);
    harness.engine.tick();

    harness.clock.advance(Duration.ofMinutes(59));
    List<RunReport> early = harness.engine.tick();
    harness.clock.advance(Duration.ofMinutes(1));
    List<RunReport> onTime = harness.engine.tick();

    assertThat(early).isEmpty();
    assertThat(onTime).hasSize(1);
  }

  @Test
  void clockJumpOfADayRunsAnHourlySyncOnce() {
    harness.amplitude.members("abc123", "Power Users", "u1");
    create(Cadence.HOURLY);
    harness.engine.tick();

    harness.clock.advance(Duration.ofHours(24).plusMinutes(30));
    List<RunReport> reports = harness.engine.tick();

    assertThat(reports).hasSize(1);
    assertThat(harness.engine.sync("s1").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-03-03T11:00:00Z"));
  }

  @Test
  void manualRunBeforeTheScheduledOneDoesNotMoveTheSchedule() {
    harness.amplitude.members("abc123", "Power Users", "u1");
    create(Cadence.DAILY);
    harness.engine.tick();
    harness.clock.advance(Duration.ofHours(3));

    RunReport manual = harness.engine.runNow("s1");

    assertThat(manual.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(harness.engine.sync("s1").orElseThrow().nextRunAt()).isEqualTo(Instant.parse("2026-03-03T10:00:00Z"));
  }

  @Test
  void hourlySyncRejectsCohortAboveOneMillionUsers() {
    harness.amplitude.members("abc123", "Power Users", "u1").reportedSize("abc123", 1_200_000);
    create(Cadence.HOURLY);

    RunReport report = harness.engine.tick().get(0);

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.cohort("abc123").error()).contains("1200000").contains("DAILY");
    assertThat(harness.segment.batches()).isEmpty();
  }

  @Test
  void disabledSyncIsNotScheduledUntilUpdated() {
    harness.amplitude.members("abc123", "Power Users", "u1").archive("abc123");
    create(Cadence.HOURLY);
    harness.engine.tick();
    harness.clock.advance(Duration.ofHours(2));

    List<RunReport> whileDisabled = harness.engine.tick();
    harness.amplitude.unarchive("abc123");
    Sync updated = harness.engine.updateSync(harness.definition("s1", "abc123").cadence(Cadence.HOURLY).build());
    List<RunReport> afterUpdate = harness.engine.tick();

    assertThat(whileDisabled).isEmpty();
    assertThat(updated.enabled()).isTrue();
    assertThat(afterUpdate).singleElement().satisfies(report ->
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED));
  }

  @Test
  void runHistoryListsNewestFirstWithCounts() {
    harness.amplitude.members("abc123", "Power Users", "u1", "u2");
    create(Cadence.DAILY);
    harness.engine.runNow("s1");
    harness.amplitude.members("abc123", "Power Users", "u2");
    harness.engine.runNow("s1");

    List<RunReport> runs = harness.engine.runs("s1");

    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).totals().sentFalse()).isEqualTo(1);
    assertThat(runs.get(1).totals().sentTrue()).isEqualTo(2);
    assertThat(runs.get(0).finishedAt()).isNotNull();
    assertThat(runs.get(0).runId()).isGreaterThan(runs.get(1).runId());
  }

  @Test
  void duplicateSyncIdIsRejected() {
    create(Cadence.DAILY);

    assertThatThrownBy(() -> create(Cadence.HOURLY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s1 already exists");
  }

  @Test
  void unknownSyncIsReported() {
    assertThatThrownBy(() -> harness.engine.runNow("nope"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void deletedSyncLosesStateAndHistory() {
    harness.amplitude.members("abc123", "Power Users", "u1");
    create(Cadence.DAILY);
    harness.engine.runNow("s1");

    boolean deleted = harness.engine.deleteSync("s1");
    create(Cadence.DAILY);
    harness.segment.clear();
    harness.engine.runNow("s1");

    assertThat(deleted).isTrue();
    assertThat(harness.sentValues()).containsExactly("u1=true");
    assertThat(harness.engine.runs("s1")).hasSize(1);
  }

  @Test
  void tickFromInsideARunDoesNotStartTheSameSyncAgain() {
    java.util.concurrent.atomic.AtomicReference<SyncEngine> engine = new java.util.concurrent.atomic.AtomicReference<>();
    List<List<RunReport>> nestedTicks = new java.util.ArrayList<>();
    TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
    // Like the emulator's sleeper on a frozen virtual clock: sleeping moves the clock, and every
    // clock move ticks the scheduler.
    Sleeper movingClock = duration -> {
      clock.advance(duration);
      nestedTicks.add(engine.get().tick());
    };
    try (EngineHarness moving = EngineHarness.inMemory(config -> config.clock(clock).sleeper(movingClock))) {
      engine.set(moving.engine);
      moving.amplitude.members("abc123", "Power Users", "u1", "u2");
      moving.segment.thenReply(FakeSegmentServer.Reply.status(503));
      moving.engine.createSync(moving.definition("s1", "abc123").cadence(Cadence.EVERY_MINUTE).build());

      List<RunReport> reports = moving.engine.tick();

      assertThat(reports).singleElement().satisfies(report ->
          assertThat(report.cohort("abc123").sentTrue()).isEqualTo(2));
      assertThat(nestedTicks).isNotEmpty().allSatisfy(nested -> assertThat(nested).isEmpty());
      assertThat(moving.engine.runs("s1")).hasSize(1);
    }
  }
}
