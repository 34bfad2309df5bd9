package dev.cohortsync.sync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An engine wired to a fake Amplitude and a fake Segment on loopback, a test clock and a sleeper
 * that only records. Close it to stop all of them.
 */
public final class EngineHarness implements AutoCloseable {

  public static final String API_KEY = "amp-api-key-0001";
  public static final String SECRET_KEY = "amp-secret-key-0001";
  public static final String WRITE_KEY = "segment-write-key-0001";

  public final TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
  public final RecordingSleeper sleeper = new RecordingSleeper(clock);
  public final FakeAmplitudeServer amplitude = FakeAmplitudeServer.start(API_KEY, SECRET_KEY);
  public final FakeSegmentServer segment;
  public final SyncEngine engine;

  private EngineHarness(StoreConfig store, boolean countingSegment, Consumer<EngineConfig.Builder> settings) {
    this.segment = countingSegment ? FakeSegmentServer.startCounting() : FakeSegmentServer.start();
    EngineConfig.Builder builder = EngineConfig.builder().clock(clock).sleeper(sleeper).store(store);
    settings.accept(builder);
    this.engine = SyncEngine.create(builder.build());
  }

  /** A harness with a fresh in-memory store. */
  public static EngineHarness inMemory() {
    return inMemory(settings -> {});
  }

  public static EngineHarness inMemory(Consumer<EngineConfig.Builder> settings) {
    return new EngineHarness(StoreConfig.inMemory("t" + UUID.randomUUID().toString().replace("-", "")), false, settings);
  }

  public static EngineHarness withStore(StoreConfig store, Consumer<EngineConfig.Builder> settings) {
    return new EngineHarness(store, false, settings);
  }

  public AmplitudeSource source() {
    return new AmplitudeSource(amplitude.baseUri(), API_KEY, SECRET_KEY);
  }

  public SegmentTarget target() {
    return new SegmentTarget(segment.baseUri(), WRITE_KEY);
  }

  public SyncDefinition.Builder definition(String syncId, String... cohortIds) {
    return SyncDefinition.builder(syncId, source(), target()).cohortIds(cohortIds);
  }

  /**
   * The trait values of every acknowledged identify, replayed in arrival order: user id to its
   * last value, per trait key.
   */
  public Map<String, Map<String, Boolean>> replayAcknowledged() {
    return replay(segment.acknowledgedIdentifies());
  }

  public static Map<String, Map<String, Boolean>> replay(List<JsonNode> identifies) {
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (JsonNode identify : identifies) {
      identify.path("traits").fields().forEachRemaining(trait -> byKey
          .computeIfAbsent(trait.getKey(), key -> new LinkedHashMap<>())
          .put(identify.path("userId").asText(), trait.getValue().asBoolean()));
    }
    return byKey;
  }

  /** {@code "userId=value"} for each acknowledged identify, in arrival order. */
  public List<String> sentValues() {
    List<String> values = new ArrayList<>();
    for (JsonNode identify : segment.acknowledgedIdentifies()) {
      identify.path("traits").fields().forEachRemaining(trait ->
          values.add(identify.path("userId").asText() + "=" + trait.getValue().asBoolean()));
    }
    return values;
  }

  @Override
  public void close() {
    engine.close();
    amplitude.close();
    segment.close();
  }
}
