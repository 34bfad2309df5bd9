package dev.cohortsync.emulator.cli;

import dev.cohortsync.emulator.Emulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and the launcher script. */
@Command(
    name = "cohort-sync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Fake Amplitude and Segment, and the Amplitude-to-Segment cohort sync, on one loopback port.",
    subcommands = {ServeCommand.class, DemoCommand.class, SyncCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code, without calling {@link System#exit}. */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: serve, demo or sync");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cohort-sync-emulator " + Emulator.version()};
    }
  }
}
