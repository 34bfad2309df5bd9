package dev.cohortsync.emulator.cli;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.emulator.timeline.Timeline;
import dev.cohortsync.emulator.timeline.TimelineException;
import dev.cohortsync.emulator.timeline.TimelineFiles;
import dev.cohortsync.emulator.timeline.TimelineParser;
import dev.cohortsync.emulator.timeline.TimelinePlayer;
import dev.cohortsync.emulator.timeline.TimelineSource;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: {@code serve} plus the bundled fixtures and a scripted timeline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the emulator with the bundled demo cohorts and play their timeline, printing each sync.",
      "Plays the bundled demo unless --timeline names another timeline on a virtual clock, then",
      "keeps serving so the results can be inspected, or exits with --exit."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--exit",
      description = "Exit after the timeline with status 0 and a summary, instead of serving on.")
  boolean exit;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port to listen on; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to bind. Default: ${DEFAULT-VALUE} (loopback only).")
  String host;

  @Option(
      names = "--verbose",
      description = "Also print the emulator's INFO log lines (on stderr); by default only warnings.")
  boolean verbose;

  @Option(
      names = "--timeline",
      paramLabel = "FILE",
      description = "A timeline.json of your own; the CSV files it names are read from its folder.")
  Path timelineFile;

  @Spec CommandSpec spec;

  private PrintWriter out;

  @Override
  public Integer call() throws InterruptedException {
    out = spec.commandLine().getOut();
    TimelineSource source;
    String fileName;
    if (timelineFile == null) {
      source = TimelineSource.bundled("demo");
      fileName = "timeline.json";
    } else {
      if (!Files.isRegularFile(timelineFile)) {
        throw new TimelineException(
            "--timeline " + timelineFile + " is not a file; pass the path of a timeline.json");
      }
      Path folder = timelineFile.toAbsolutePath().getParent();
      source = TimelineSource.directory(folder);
      fileName = timelineFile.getFileName().toString();
    }
    Timeline timeline = TimelineParser.parse(source, fileName);
    new TimelineFiles(source).checkAll(timeline);
    if (!verbose) {
      Logging.quiet();
    }

    Emulator emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = port;
                  cfg.host = host;
                  cfg.clock = VirtualClock.frozenAt(timeline.start());
                  // Fresh state every time, and only the timeline moves the clock.
                  cfg.sync.stateDirectory = null;
                  cfg.sync.tickInterval = Duration.ZERO;
                })
            .start();
    try {
      printHeader(emulator, timeline);
      TimelinePlayer.Result result =
          new TimelinePlayer(emulator, timeline, source, new Printer(timeline)).play();
      boolean consistent = printSummary(emulator, timeline, result);
      if (exit) {
        return consistent ? 0 : 1;
      }
      printServing(emulator, timeline);
      emulator.clock().resume();
      awaitShutdown(emulator);
      return 0;
    } finally {
      emulator.stop();
    }
  }

  private void printHeader(Emulator emulator, Timeline timeline) {
    out.println("Cohort Sync Emulator demo: timeline \"" + timeline.name() + "\"");
    if (timeline.description() != null) {
      out.println("  " + timeline.description());
    }
    int cohorts = timeline.cohorts().size();
    out.println("  " + cohorts + (cohorts == 1 ? " cohort" : " cohorts") + ", clock starts at " + timeline.start()
        + " and runs to +" + human(timeline.end()));
    out.println("  listening on " + emulator.baseUri()
        + " (fake Amplitude /api, fake Segment /v1, control API /_emulator)");
    out.println();
  }

  private final class Printer implements TimelinePlayer.Listener {
    private final Timeline timeline;
    private int runNumber;

    Printer(Timeline timeline) {
      this.timeline = timeline;
    }

    @Override
    public void runFinished(RunReport report) {
      runNumber++;
      Duration offset = Duration.between(timeline.start(), report.startedAt());
      out.printf(Locale.ROOT, "run %d of sync %s at +%s (%s, %s)%n", runNumber, report.syncId(),
          human(offset), report.trigger().name().toLowerCase(Locale.ROOT),
          report.status().name().toLowerCase(Locale.ROOT));
      int width = "trait".length();
      for (CohortReport cohort : report.cohorts()) {
        width = Math.max(width, displayWidth(trait(cohort)));
      }
      out.printf(Locale.ROOT, "  %s %7s %7s %8s %7s%n", pad("trait", width), "true", "false", "skipped", "failed");
      for (CohortReport cohort : report.cohorts()) {
        out.printf(Locale.ROOT, "  %s %,7d %,7d %,8d %,7d%n", pad(trait(cohort), width), cohort.sentTrue(),
            cohort.sentFalse(), cohort.skipped(), cohort.failed());
        if (cohort.error() != null) {
          out.println("    error: " + cohort.error());
        }
      }
      if (report.error() != null) {
        out.println("  error: " + report.error());
      }
      out.println();
    }
  }

  /** Prints totals and checks them against what the fake Segment stored; true when they agree. */
  private boolean printSummary(Emulator emulator, Timeline timeline, TimelinePlayer.Result result) {
    long sentTrue = 0;
    long sentFalse = 0;
    long skipped = 0;
    long failed = 0;
    boolean allSucceeded = true;
    for (RunReport run : result.runs()) {
      RunReport.Totals totals = run.totals();
      sentTrue += totals.sentTrue();
      sentFalse += totals.sentFalse();
      skipped += totals.skipped();
      failed += totals.failed();
      allSucceeded &= run.status() == RunStatus.SUCCEEDED;
    }
    EventQuery identifies = EventQuery.all().withWriteKey(timeline.writeKey()).withType("identify");
    long stored = emulator.segment().countEvents(identifies);
    out.printf(Locale.ROOT, "summary: %d runs, %,d identify calls sent (%,d true, %,d false), %,d failed;"
        + " members without a user_id were skipped %,d times (every run counts them)%n", result.runs().size(),
        sentTrue + sentFalse, sentTrue, sentFalse, failed, skipped);
    out.printf(Locale.ROOT, "the fake Segment stored %,d identify calls for write key %s%n", stored,
        mask(timeline.writeKey()));
    boolean consistent = allSucceeded && failed == 0 && stored == sentTrue + sentFalse;
    out.println(consistent
        ? "every run succeeded and every identify the engine sent is stored"
        : "MISMATCH: some runs failed or the fake stored a different number of identify calls; see above");
    out.flush();
    return consistent;
  }

  private void printServing(Emulator emulator, Timeline timeline) {
    String base = emulator.baseUri().toString();
    out.println();
    out.println("Serving on " + base + " until Ctrl-C. The clock now follows real time. Try:");
    out.println("  curl '" + base + "/_emulator/segment/events?limit=3'");
    out.println("  curl '" + base + "/_emulator/syncs/" + timeline.syncs().get(0).id() + "/runs'");
    out.println("  curl '" + base + "/_emulator/openapi.json'");
    out.flush();
  }

  private static void awaitShutdown(Emulator emulator) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.stop();
      stopped.countDown();
    }, "demo-shutdown"));
    stopped.await();
  }

  private static String trait(CohortReport cohort) {
    return cohort.traitKey() == null ? cohort.cohortId() : cohort.traitKey();
  }

  /** Pads to a terminal column width, counting East Asian wide characters as two columns. */
  static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - displayWidth(text)));
  }

  static int displayWidth(String text) {
    return text.codePoints().map(c -> isWide(c) ? 2 : 1).sum();
  }

  private static boolean isWide(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
        || (codePoint >= 0xFF01 && codePoint <= 0xFF60);
  }

  static String human(Duration duration) {
    long minutes = duration.toMinutes();
    long seconds = duration.toSecondsPart();
    String text = minutes >= 60 ? (minutes / 60) + "h" + String.format(Locale.ROOT, "%02dm", minutes % 60) : minutes + "m";
    return seconds == 0 ? text : text + String.format(Locale.ROOT, "%02ds", seconds);
  }

  private static String mask(String key) {
    return key.length() <= 4 ? "****" : key.substring(0, 4) + "…";
  }

}
