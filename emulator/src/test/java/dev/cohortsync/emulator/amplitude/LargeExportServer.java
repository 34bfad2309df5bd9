package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.time.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Runs an emulator holding one cohort of N members, for {@link LargeExportStreamingTest} to start
 * in a JVM with a small heap. Prints {@code READY <port>} once the cohort exists and stops when
 * its standard input closes.
 */
public final class LargeExportServer {

  static final String API_KEY = "large-key";
  static final String SECRET = "large-secret";
  static final String COHORT_ID = "big2m00";

  private LargeExportServer() {}

  public static void main(String[] args) throws IOException {
    long members = Long.parseLong(args[0]);
    VirtualClock clock = VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
    Emulator emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = clock;
                  cfg.sync.enabled = false;
                  cfg.amplitude.exportJobDuration = Duration.ZERO;
                })
            .start();
    FakeAmplitude amplitude = emulator.amplitude();
    amplitude.createProject(new AmplitudeProject("Large", 900001, API_KEY, SECRET, Region.US));
    amplitude.upsertUsers(
        API_KEY,
        List.of(
            AmplitudeUser.of(1, "user_first"),
            AmplitudeUser.of(members / 2, "user_middle"),
            AmplitudeUser.of(members, "user_last")));
    amplitude.createCohort(API_KEY, new CohortSpec(COHORT_ID, "Large", null, List.of(), true));
    amplitude.setMembers(API_KEY, COHORT_ID, LongStream.rangeClosed(1, members));
    System.out.println("READY " + emulator.port());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // Runs until the parent test closes our standard input.
    }
    emulator.stop();
  }
}
