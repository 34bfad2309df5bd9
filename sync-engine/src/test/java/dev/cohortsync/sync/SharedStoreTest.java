package dev.cohortsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.internal.store.JdbcStateStore;
import dev.cohortsync.sync.internal.store.StateStore;
import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import dev.cohortsync.sync.testing.FakeSegmentServer.Reply;
import dev.cohortsync.sync.testing.PostgresSupport;
import dev.cohortsync.sync.testing.RecordingSleeper;
import dev.cohortsync.sync.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines with separate connection pools on one PostgreSQL store, as two processes would run:
 * they split the due syncs through leases, deliver every change exactly once, and take over the
 * syncs of an engine that died once its lease expires.
 */
class SharedStoreTest {

  private static final int SYNCS = 12;
  private static final int MEMBERS = 40;

  private final TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
  private final FakeAmplitudeServer amplitude =
      FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
  private final FakeSegmentServer segment = FakeSegmentServer.start();
  private final StoreConfig store = PostgresSupport.freshStore();
  private final List<SyncEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(SyncEngine::close);
    amplitude.close();
    segment.close();
  }

  private SyncEngine engine(String owner, Consumer<EngineConfig.Builder> settings) {
    EngineConfig.Builder builder = EngineConfig.builder()
        .clock(clock)
        .sleeper(new RecordingSleeper(null))
        .store(store)
        .ownerId(owner)
        .leaseDuration(Duration.ofMinutes(5));
    settings.accept(builder);
    SyncEngine engine = SyncEngine.create(builder.build());
    engines.add(engine);
    return engine;
  }

  private SyncDefinition definition(String syncId, String cohortId) {
    return SyncDefinition.builder(
            syncId,
            new AmplitudeSource(amplitude.baseUri(), EngineHarness.API_KEY, EngineHarness.SECRET_KEY),
            new SegmentTarget(segment.baseUri(), EngineHarness.WRITE_KEY))
        .cohortIds(cohortId)
        .cadence(Cadence.HOURLY)
        .build();
  }

  private void setMembers(int round) {
    for (int c = 0; c < SYNCS; c++) {
      String[] users = new String[MEMBERS];
      for (int u = 0; u < MEMBERS; u++) {
        // Each round drops the first quarter of the previous members and adds as many new ones.
        users[u] = "c" + c + "-user-" + (u + round * MEMBERS / 4);
      }
      amplitude.members("c" + c, "Cohort " + c, users);
    }
  }

  private static List<RunReport> tickConcurrently(SyncEngine a, SyncEngine b) {
    CountDownLatch start = new CountDownLatch(1);
    CompletableFuture<List<RunReport>> first = CompletableFuture.supplyAsync(() -> {
      await(start);
      return a.tick();
    });
    CompletableFuture<List<RunReport>> second = CompletableFuture.supplyAsync(() -> {
      await(start);
      return b.tick();
    });
    start.countDown();
    List<RunReport> all = new ArrayList<>(first.join());
    all.addAll(second.join());
    return all;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void twoEnginesSplitSyncsAndDeliverEveryChangeOnce() {
    SyncEngine a = engine("engine-a", settings -> {});
    SyncEngine b = engine("engine-b", settings -> {});
    for (int c = 0; c < SYNCS; c++) {
      a.createSync(definition("sync-" + c, "c" + c));
    }
    setMembers(0);

    List<RunReport> firstRound = tickConcurrently(a, b);
    clock.advance(Duration.ofHours(1));
    setMembers(1);
    List<RunReport> secondRound = tickConcurrently(a, b);

    assertThat(firstRound).extracting(RunReport::syncId).doesNotHaveDuplicates().hasSize(SYNCS);
    assertThat(secondRound).extracting(RunReport::syncId).doesNotHaveDuplicates().hasSize(SYNCS);
    List<JsonNode> received = new ArrayList<>();
    segment.batches().forEach(batch -> received.addAll(batch.messages()));
    Map<String, Integer> perMessageId = new HashMap<>();
    received.forEach(message -> perMessageId.merge(message.path("messageId").asText(), 1, Integer::sum));
    assertThat(perMessageId.values()).allMatch(copies -> copies == 1);
    // Round one: every member joins. Round two: a quarter leave and a quarter join.
    int expected = SYNCS * MEMBERS + SYNCS * (MEMBERS / 4) * 2;
    assertThat(received).hasSize(expected);
    assertThat(a.runs("sync-0")).hasSize(2);
  }

  @Test
  void survivorTakesOverTheSyncOfADeadEngineAfterItsLeaseExpires() {
    SyncEngine dying = engine("engine-dying", settings -> settings.maxRetries(0));
    dying.createSync(definition("s1", "c0"));
    setMembers(0);
    segment.thenReply(Reply.dropAfterReading());
    dying.runNow("s1");
    List<String> unansweredIds = messageIds(segment.batches().get(0));
    segment.clear();
    clock.advance(Duration.ofHours(1));
    // The engine dies while it holds the lease in the middle of its next run.
    try (StateStore direct = JdbcStateStore.open(store, 2)) {
      direct.tryLease("s1", "engine-dying", clock.instant(), clock.instant().plus(Duration.ofMinutes(5)));
      direct.startRun("s1", Trigger.SCHEDULED, clock.instant(), "engine-dying");
    }
    dying.close();
    SyncEngine survivor = engine("engine-survivor", settings -> {});

    List<RunReport> whileLeased = survivor.tick();
    clock.advance(Duration.ofMinutes(6));
    List<RunReport> afterExpiry = survivor.tick();

    assertThat(whileLeased).isEmpty();
    assertThat(afterExpiry).singleElement().satisfies(report -> {
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.cohort("c0").sentTrue()).isEqualTo(MEMBERS);
    });
    assertThat(messageIds(segment.batches().get(0))).isEqualTo(unansweredIds);
    assertThat(segment.batches()).hasSize(1);
    assertThat(survivor.runs("s1")).extracting(RunReport::status)
        .contains(RunStatus.ABANDONED, RunStatus.FAILED, RunStatus.SUCCEEDED);
  }

  private static List<String> messageIds(FakeSegmentServer.Batch batch) {
    List<String> ids = new ArrayList<>();
    batch.messages().forEach(message -> ids.add(message.path("messageId").asText()));
    return ids;
  }
}
