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
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (bad input file, unreachable service, failed sync, port in use)",
      "2:invalid option or argument"
    },
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
        .registerConverter(java.time.Instant.class, Main::instant)
        .registerConverter(java.time.Duration.class, Main::duration)
        .registerConverter(java.net.URI.class, Main::uri)
        .setParameterExceptionHandler(Main::reportUsageError)
        .setExecutionExceptionHandler(Main::reportFailure);
  }

  /**
   * Prints an invalid option or argument as one line plus a pointer to the help, instead of the
   * whole usage text that would bury the message, and returns exit code 2.
   */
  private static int reportUsageError(CommandLine.ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    command.getErr().println("error: " + failure.getMessage());
    command.getErr().println("run " + command.getCommandSpec().qualifiedName() + " --help for the options");
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static java.time.Instant instant(String text) {
    try {
      return java.time.Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "\"" + text + "\" is not an ISO-8601 UTC instant; write it like 2026-01-05T09:00:00Z");
    }
  }

  private static java.net.URI uri(String text) {
    try {
      return new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new CommandLine.TypeConversionException(
          "\"" + text + "\" is not a URL (" + e.getReason() + "); write it like http://127.0.0.1:8080");
    }
  }

  private static java.time.Duration duration(String text) {
    try {
      return java.time.Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "\"" + text + "\" is not an ISO-8601 duration; write it like PT30S or PT2H");
    }
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
