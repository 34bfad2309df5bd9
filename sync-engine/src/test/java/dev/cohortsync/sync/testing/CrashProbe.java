package dev.cohortsync.sync.testing;

import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import java.net.URI;
import java.nio.file.Path;

/**
 * Child-JVM main for the crash test: creates sync {@code crash} on an embedded store and runs it,
 * sending one batch at a time. The test kills this process while a batch waits for Segment.
 *
 * <p>Arguments: state directory, Amplitude base URI, Segment base URI, cohort id.
 */
public final class CrashProbe {

  private CrashProbe() {}

  public static void main(String[] args) {
    EngineConfig config = EngineConfig.builder()
        .store(StoreConfig.embedded(Path.of(args[0])))
        .usersPerBatch(10)
        .maxBatchesInFlight(1)
        .maxRetries(0)
        .build();
    try (SyncEngine engine = SyncEngine.create(config)) {
      engine.createSync(SyncDefinition.builder(
              "crash",
              new AmplitudeSource(URI.create(args[1]), EngineHarness.API_KEY, EngineHarness.SECRET_KEY),
              new SegmentTarget(URI.create(args[2]), EngineHarness.WRITE_KEY))
          .cohortIds(args[3])
          .build());
      System.out.println("STARTED");
      engine.runNow("crash");
      System.out.println("FINISHED");
    }
  }
}
