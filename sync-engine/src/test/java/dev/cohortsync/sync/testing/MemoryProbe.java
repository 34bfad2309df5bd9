package dev.cohortsync.sync.testing;

import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child-JVM main for the memory test: runs sync {@code big} twice on an embedded store, waiting
 * for a {@code next} line on standard input between the runs, and prints each run's totals and
 * the largest heap left after a garbage collection (the live data) so far.
 *
 * <p>Arguments: state directory, Amplitude base URI, Segment base URI, cohort id.
 */
public final class MemoryProbe {

  private MemoryProbe() {}

  public static void main(String[] args) throws IOException {
    EngineConfig config = EngineConfig.builder().store(StoreConfig.embedded(Path.of(args[0]))).build();
    startSampling();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (SyncEngine engine = SyncEngine.create(config)) {
      engine.createSync(SyncDefinition.builder(
              "big",
              new AmplitudeSource(URI.create(args[1]), EngineHarness.API_KEY, EngineHarness.SECRET_KEY),
              new SegmentTarget(URI.create(args[2]), EngineHarness.WRITE_KEY))
          .cohortIds(args[3])
          .build());
      report("RUN1", engine.runNow("big"));
      stdin.readLine();
      report("RUN2", engine.runNow("big"));
    }
  }

  private static volatile long maxAfterGc;

  /** Samples, every 50 ms, the heap left after the latest collection: the live data, not garbage. */
  private static void startSampling() {
    Thread sampler = new Thread(() -> {
      while (true) {
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
            afterGc += pool.getCollectionUsage().getUsed();
          }
        }
        maxAfterGc = Math.max(maxAfterGc, afterGc);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void report(String label, RunReport report) {
    RunReport.Totals totals = report.totals();
    System.out.println(label + " status=" + report.status() + " true=" + totals.sentTrue() + " false="
        + totals.sentFalse() + " failed=" + totals.failed() + " maxHeapAfterGcMb=" + maxAfterGc / (1024 * 1024)
        + " seconds=" + java.time.Duration.between(report.startedAt(), report.finishedAt()).toSeconds());
    System.out.flush();
  }
}
