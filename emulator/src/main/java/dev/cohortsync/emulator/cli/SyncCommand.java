package dev.cohortsync.emulator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sync}: runs the engine once against any Amplitude and Segment base URLs. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Run the cohort sync once against any Amplitude and Segment base URLs, real or fake.")
final class SyncCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet; the sync engine's command line arrives with the engine.
    System.err.println("sync is not available in this build yet");
    return 2;
  }
}
