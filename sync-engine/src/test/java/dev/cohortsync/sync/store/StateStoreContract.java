package dev.cohortsync.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.Cadence;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.Trigger;
import dev.cohortsync.sync.internal.Change;
import dev.cohortsync.sync.internal.store.CohortKey;
import dev.cohortsync.sync.internal.store.JdbcStateStore;
import dev.cohortsync.sync.internal.store.PendingBatch;
import dev.cohortsync.sync.internal.store.StateStore;
import dev.cohortsync.sync.testing.EngineHarness;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must have. Subclasses name the store; the same tests run
 * against the embedded H2 store and PostgreSQL.
 */
abstract class StateStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private StateStore store;

  /** A store config pointing at an empty database. */
  abstract StoreConfig freshConfig();

  @BeforeEach
  void open() {
    store = JdbcStateStore.open(freshConfig(), 4);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static SyncDefinition definition(String id) {
    return SyncDefinition.builder(
            id,
            new AmplitudeSource(URI.create("http://127.0.0.1:9"), "key", "secret"),
            new SegmentTarget(URI.create("http://127.0.0.1:9"), "write"))
        .cohortIds("c1", "c2")
        .cadence(Cadence.HOURLY)
        .traitKeyTemplate("{name} ({id})")
        .build();
  }

  private static Sync sync(String id) {
    return new Sync(definition(id), T0, T0, true, null);
  }

  @Test
  void storesAndReadsBackASync() {
    boolean inserted = store.insertSync(sync("s1"));

    assertThat(inserted).isTrue();
    assertThat(store.findSync("s1")).contains(sync("s1"));
    assertThat(store.listSyncs()).extracting(Sync::id).containsExactly("s1");
  }

  @Test
  void refusesADuplicateSyncId() {
    store.insertSync(sync("s1"));

    assertThat(store.insertSync(sync("s1"))).isFalse();
  }

  @Test
  void listsDueSyncsSoonestFirst() {
    store.insertSync(sync("late"));
    store.insertSync(sync("early"));
    store.insertSync(sync("future"));
    store.insertSync(sync("off"));
    store.updateSchedule("late", T0.plusSeconds(20), true, null);
    store.updateSchedule("early", T0.plusSeconds(10), true, null);
    store.updateSchedule("future", T0.plusSeconds(99), true, null);
    store.updateSchedule("off", T0, false, "archived");

    assertThat(store.dueSyncIds(T0.plusSeconds(30))).containsExactly("early", "late");
    assertThat(store.findSync("off").orElseThrow().disabledReason()).isEqualTo("archived");
  }

  @Test
  void leaseIsExclusiveUntilItExpires() {
    store.insertSync(sync("s1"));

    boolean first = store.tryLease("s1", "a", T0, T0.plusSeconds(60));
    boolean other = store.tryLease("s1", "b", T0.plusSeconds(30), T0.plusSeconds(90));
    boolean renewal = store.tryLease("s1", "a", T0.plusSeconds(30), T0.plusSeconds(90));
    boolean afterExpiry = store.tryLease("s1", "b", T0.plusSeconds(91), T0.plusSeconds(150));

    assertThat(first).isTrue();
    assertThat(other).isFalse();
    assertThat(renewal).isTrue();
    assertThat(afterExpiry).isTrue();
  }

  @Test
  void releasedLeaseIsFreeAtOnce() {
    store.insertSync(sync("s1"));
    store.tryLease("s1", "a", T0, T0.plusSeconds(60));

    store.releaseLease("s1", "b");
    boolean whileHeld = store.tryLease("s1", "b", T0, T0.plusSeconds(60));
    store.releaseLease("s1", "a");
    boolean afterRelease = store.tryLease("s1", "b", T0, T0.plusSeconds(60));

    assertThat(whileHeld).isFalse();
    assertThat(afterRelease).isTrue();
  }

  @Test
  void acknowledgedBatchBecomesMemberStateAndLeavesPending() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "K");
    PendingBatch batch = store.insertPending(key, T0, List.of(
        new Change("u1", true, 0), new Change("ü2 ☃", true, 3)));

    List<PendingBatch> pending = store.pending("s1", "c1");
    store.acknowledge(pending.get(0));

    assertThat(pending).singleElement().isEqualTo(batch);
    assertThat(store.pending("s1", "c1")).isEmpty();
    assertThat(members(key)).isEqualTo(Map.of("u1", "true/1", "ü2 ☃", "true/4"));
    assertThat(store.hasMembers(key.keyId())).isTrue();
  }

  @Test
  void acknowledgingTwiceLeavesTheSameState() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "K");
    PendingBatch batch = store.insertPending(key, T0, List.of(new Change("u1", false, 1)));

    store.acknowledge(batch);
    store.acknowledge(batch);

    assertThat(members(key)).isEqualTo(Map.of("u1", "false/2"));
    assertThat(store.hasMembers(key.keyId())).isFalse();
  }

  @Test
  void discardedBatchLeavesStateUntouched() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "K");
    PendingBatch batch = store.insertPending(key, T0, List.of(new Change("u1", true, 0)));

    store.discardPending(batch.batchId());

    assertThat(store.pending("s1", "c1")).isEmpty();
    assertThat(members(key)).isEmpty();
  }

  @Test
  void renamedKeyKeepsItsMembers() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "Old (c1)");
    store.acknowledge(store.insertPending(key, T0, List.of(new Change("u1", true, 0))));

    CohortKey renamed = store.renameKey(key, "New (c1)");

    assertThat(store.keys("s1", "c1")).containsExactly(renamed);
    assertThat(store.key("s1", "c1", "New (c1)")).isEqualTo(renamed);
    assertThat(members(renamed)).isEqualTo(Map.of("u1", "true/1"));
  }

  @Test
  void keysArePerSyncAndCohort() {
    store.insertSync(sync("s1"));
    store.insertSync(sync("s2"));

    CohortKey a = store.key("s1", "c1", "K");
    CohortKey b = store.key("s2", "c1", "K");
    CohortKey c = store.key("s1", "c2", "K");

    assertThat(List.of(a.keyId(), b.keyId(), c.keyId())).doesNotHaveDuplicates();
    assertThat(store.key("s1", "c1", "K")).isEqualTo(a);
  }

  @Test
  void runHistoryRoundTrips() {
    store.insertSync(sync("s1"));
    long runId = store.startRun("s1", Trigger.MANUAL, T0, "engine-a");
    store.addSkipped(runId, "c1", List.of("a1", "a2", "a3"), 0);
    CohortReport cohort = new CohortReport(
        "c1", "Power Users", "K", RunStatus.PARTIAL, "1 change failed", 5, 2, 3, List.of(), 1, 1,
        List.of("HTTP 400 bad"));

    store.finishRun(runId, T0.plusSeconds(5), RunStatus.PARTIAL, "cohort c1: 1 change failed", List.of(cohort));
    RunReport listed = store.runs("s1", 10).get(0);
    RunReport full = store.run(runId, 2).orElseThrow();

    assertThat(listed.cohorts()).containsExactly(cohort);
    assertThat(listed.finishedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(full.cohort("c1").skippedAmplitudeIds()).containsExactly("a1", "a2");
    assertThat(full.status()).isEqualTo(RunStatus.PARTIAL);
  }

  @Test
  void newRunAbandonsEarlierRunningOnes() {
    store.insertSync(sync("s1"));
    long crashed = store.startRun("s1", Trigger.SCHEDULED, T0, "engine-a");
    long current = store.startRun("s1", Trigger.SCHEDULED, T0.plusSeconds(60), "engine-b");

    store.abandonRunning("s1", current, "engine stopped");

    assertThat(store.run(crashed, 0).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(store.run(current, 0).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void deletingASyncDeletesItsStateAndHistory() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "K");
    store.acknowledge(store.insertPending(key, T0, List.of(new Change("u1", true, 0))));
    store.insertPending(key, T0, List.of(new Change("u2", true, 0)));
    store.startRun("s1", Trigger.MANUAL, T0, "engine-a");

    boolean deleted = store.deleteSync("s1");

    assertThat(deleted).isTrue();
    assertThat(store.findSync("s1")).isEmpty();
    assertThat(store.keys("s1", "c1")).isEmpty();
    assertThat(store.pending("s1", "c1")).isEmpty();
  }

  @Test
  void engineStateSurvivesReopeningTheStore() {
    StoreConfig config = freshConfig();
    try (EngineHarness first = EngineHarness.withStore(config, settings -> {})) {
      first.amplitude.members("abc123", "Power Users", "u1", "u2");
      first.engine.createSync(first.definition("s1", "abc123").build());
      first.engine.runNow("s1");
    }
    try (EngineHarness second = EngineHarness.withStore(config, settings -> {})) {
      second.amplitude.members("abc123", "Power Users", "u2", "u3");
      second.engine.updateSync(second.definition("s1", "abc123").build());

      RunReport report = second.engine.runNow("s1");

      assertThat(second.sentValues()).containsExactlyInAnyOrder("u1=false", "u3=true");
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(second.engine.runs("s1")).hasSize(2);
    }
  }

  private Map<String, String> members(CohortKey key) {
    Map<String, String> members = new HashMap<>();
    store.forEachMember(key.keyId(), (user, member, count) -> members.put(user, member + "/" + count));
    return members;
  }

  @Test
  void streamsManyMembers() {
    store.insertSync(sync("s1"));
    CohortKey key = store.key("s1", "c1", "K");
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      changes.add(new Change("user-" + i, true, 0));
    }
    store.acknowledge(store.insertPending(key, T0, changes));

    assertThat(members(key)).hasSize(25_000);
  }
}
