package dev.cohortsync.sync.testing;

import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.SyncEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Child-JVM main for the shared-store test: one engine process on a PostgreSQL store that another
 * process shares. It reads commands from standard input so the test can make both processes tick
 * at the same moment of the same virtual time.
 *
 * <p>Arguments: JDBC URL, owner id. Commands: {@code tick <instant>} sets the engine clock and
 * ticks, then prints {@code TICKED <sync ids>}; {@code quit} closes the engine.
 */
public final class SharedStoreProbe {

  private SharedStoreProbe() {}

  public static void main(String[] args) throws IOException {
    TestClock clock = TestClock.at("2026-03-02T10:00:00Z");
    EngineConfig config = EngineConfig.builder()
        .clock(clock)
        .sleeper(new RecordingSleeper(null))
        .store(StoreConfig.postgres(args[0]))
        .ownerId(args[1])
        .leaseDuration(Duration.ofMinutes(5))
        .build();
    try (SyncEngine engine = SyncEngine.create(config);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      System.out.println("READY " + args[1]);
      String line;
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        if (line.startsWith("tick ")) {
          Instant target = Instant.parse(line.substring("tick ".length()));
          clock.advance(Duration.between(clock.instant(), target));
          List<RunReport> reports = engine.tick();
          System.out.println("TICKED " + reports.stream().map(RunReport::syncId).collect(Collectors.joining(",")));
        }
      }
    }
  }
}
