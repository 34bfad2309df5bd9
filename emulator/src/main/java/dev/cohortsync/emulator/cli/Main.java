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

  /** Exit code of a command that failed on bad input or a failed dependency; usage errors give 2. */
  static final int EXIT_FAILED = 1;

  /** Runs the command line and returns its exit code, without calling {@link System#exit}. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Builds the configured command line; tests use it to capture output. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::reportFailure);
  }

  /**
   * Prints a failed command's message on one line, without a stack trace, for the errors a user
   * can fix (bad input, a port in use, a timeline that does not parse). Anything else is a bug in
   * the emulator: its stack trace goes to the log so it can be reported.
   */
  private static int reportFailure(
      Exception failure, CommandLine command, CommandLine.ParseResult parseResult) {
    if (failure instanceof IllegalArgumentException
        || failure instanceof IllegalStateException
        || failure instanceof java.util.NoSuchElementException
        || failure instanceof java.io.UncheckedIOException) {
      command.getErr().println("error: " + failure.getMessage());
    } else {
      org.slf4j.LoggerFactory.getLogger(Main.class)
          .error("{} failed unexpectedly", command.getCommandName(), failure);
      command.getErr().println(
          "error: " + command.getCommandName() + " failed unexpectedly (" + failure
              + "); the log above has the stack trace");
    }
    return EXIT_FAILED;
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
