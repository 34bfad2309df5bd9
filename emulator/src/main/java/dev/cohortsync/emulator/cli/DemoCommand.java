package dev.cohortsync.emulator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code demo}: {@code serve} plus the bundled fixtures and a scripted timeline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Serve the emulator with bundled demo cohorts and play their timeline, printing each sync.")
final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet; arrives with the demo fixtures.
    System.err.println("demo is not available in this build yet");
    return 2;
  }
}
