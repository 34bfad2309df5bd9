package dev.cohortsync.emulator.cli;

import dev.cohortsync.sync.AmplitudeSource;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.RenamePolicy;
import dev.cohortsync.sync.RunListener;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.SyncEngine;
import dev.cohortsync.sync.TraitKeyTemplate;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sync}: runs the engine once against any Amplitude and Segment base URLs, real or fake,
 * and prints a per-cohort summary. Exit code 0 when every cohort succeeded, 1 when the run failed
 * or partly failed, 2 for invalid options.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the cohort sync once against any Amplitude and Segment base URLs, real or fake.",
      "State is kept between runs, so the next run sends only joins (true) and leaves (false).",
      "Keys can come from the environment: AMPLITUDE_API_KEY, AMPLITUDE_SECRET_KEY, SEGMENT_WRITE_KEY."
    },
    exitCodeOnInvalidInput = 2)
final class SyncCommand implements Callable<Integer> {

  /** A vendor region, which picks the default host. */
  enum Region {
    US,
    EU
  }

  @Spec CommandSpec spec;

  @Option(names = "--amplitude-url", paramLabel = "URL",
      description = "Amplitude REST base URL. Default: https://amplitude.com, or"
          + " https://analytics.eu.amplitude.com with --amplitude-region eu.")
  URI amplitudeUrl;

  @Option(names = "--amplitude-region", paramLabel = "us|eu", defaultValue = "us",
      description = "Region of the Amplitude project when --amplitude-url is not given. Default: ${DEFAULT-VALUE}.")
  Region amplitudeRegion;

  @Option(names = "--amplitude-api-key", paramLabel = "KEY",
      description = "Amplitude API key. Default: the AMPLITUDE_API_KEY environment variable.")
  String apiKey;

  @Option(names = "--amplitude-secret-key", paramLabel = "KEY",
      description = "Amplitude secret key. Default: the AMPLITUDE_SECRET_KEY environment variable.")
  String secretKey;

  @Option(names = "--segment-url", paramLabel = "URL",
      description = "Segment tracking base URL, without /v1. Default: https://api.segment.io, or"
          + " https://events.eu1.segmentapis.com with --segment-region eu.")
  URI segmentUrl;

  @Option(names = "--segment-region", paramLabel = "us|eu", defaultValue = "us",
      description = "Region of the Segment workspace when --segment-url is not given. Default: ${DEFAULT-VALUE}.")
  Region segmentRegion;

  @Option(names = "--segment-write-key", paramLabel = "KEY",
      description = "Write key of the Segment source. Default: the SEGMENT_WRITE_KEY environment variable.")
  String writeKey;

  @Option(names = {"-c", "--cohort"}, paramLabel = "ID", split = ",",
      description = "Amplitude cohort id to sync; repeat it or separate ids with commas.")
  List<String> cohortIds;

  @Option(names = "--all-cohorts",
      description = "Sync every cohort of the project that is not archived, instead of --cohort.")
  boolean allCohorts;

  @Option(names = "--trait-key-template", paramLabel = "TEMPLATE", defaultValue = "[Amplitude] {name} ({id})",
      description = "Trait key per cohort, with {name} and {id}. Default: ${DEFAULT-VALUE}.")
  String traitKeyTemplate;

  @Option(names = "--rename-policy", paramLabel = "POLICY", defaultValue = "KEEP_OLD_KEY",
      description = "On a cohort rename: KEEP_OLD_KEY (continue under the new key) or RETIRE_OLD_KEY"
          + " (also send false under the old key). Default: ${DEFAULT-VALUE}.")
  RenamePolicy renamePolicy;

  // Not serve's .cohort-sync/state: the embedded store allows one process at a time, so the
  // default lets sync run while serve is up in the same folder.
  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".cohort-sync/sync-cli-state",
      description = "Directory of the embedded state store. Default: ${DEFAULT-VALUE}.")
  Path stateDirectory;

  @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
      description = "Keep state in PostgreSQL instead (jdbc:postgresql://host:5432/db?user=...&password=...)."
          + " Default: the COHORT_SYNC_POSTGRES_URL environment variable, else the embedded store.")
  String postgresUrl;

  @Option(names = "--batch-size", paramLabel = "USERS", defaultValue = "1000",
      description = "Identify calls per /v1/batch request. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--max-retries", paramLabel = "N", defaultValue = "8",
      description = "Retries of a failed request to Amplitude or Segment, with exponential backoff from 1 s."
          + " Default: ${DEFAULT-VALUE}, as Amplitude's own cohort sync does.")
  int maxRetries;

  @Option(names = "--sync-id", paramLabel = "ID",
      description = "Name of the state to diff against. Default: derived from the two URLs and keys,"
          + " so repeated runs against the same accounts share state.")
  String syncId;

  @Option(names = "--history", description = "Print the run history of the sync instead of running it.")
  boolean history;

  @Option(names = "--limit", paramLabel = "RUNS", defaultValue = "20",
      description = "Runs --history prints, newest first. Default: ${DEFAULT-VALUE}.")
  int limit;

  private final Map<String, String> environment;
  private final boolean terminal;

  SyncCommand() {
    this(System.getenv(), System.console() != null);
  }

  SyncCommand(Map<String, String> environment, boolean terminal) {
    this.environment = environment;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI amplitudeBase = amplitudeUrl != null ? amplitudeUrl
        : amplitudeRegion == Region.EU ? AmplitudeSource.EU_BASE_URI : AmplitudeSource.US_BASE_URI;
    URI segmentBase = segmentUrl != null ? segmentUrl
        : segmentRegion == Region.EU ? SegmentTarget.EU_BASE_URI : SegmentTarget.US_BASE_URI;
    String api = firstNonBlank(apiKey, environment.get("AMPLITUDE_API_KEY"));
    String secret = firstNonBlank(secretKey, environment.get("AMPLITUDE_SECRET_KEY"));
    String write = firstNonBlank(writeKey, environment.get("SEGMENT_WRITE_KEY"));
    String postgres = firstNonBlank(postgresUrl, environment.get("COHORT_SYNC_POSTGRES_URL"));
    checkBaseUrl("--amplitude-url", amplitudeBase, "/api");
    checkBaseUrl("--segment-url", segmentBase, "/v1");
    if (maxRetries < 0 || maxRetries > 20) {
      throw invalid("--max-retries " + maxRetries + " is out of range; pass 0 to 20");
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw invalid("--batch-size " + batchSize + " is out of range; pass 1 to 100000");
    }
    if (limit < 1 || limit > SyncEngine.MAX_RUNS_LISTED) {
      throw invalid("--limit " + limit + " is out of range; pass 1 to " + SyncEngine.MAX_RUNS_LISTED);
    }
    if (!history) {
      requireKeys(api, secret, write);
    }
    String id = syncId;
    if (id == null) {
      if (api == null || write == null) {
        throw invalid("pass --sync-id, or the keys it is derived from (--amplitude-api-key and --segment-write-key)");
      }
      id = derivedSyncId(amplitudeBase, api, segmentBase, write);
    }
    StoreConfig store;
    try {
      store = postgres != null ? StoreConfig.postgres(postgres) : StoreConfig.embedded(stateDirectory);
    } catch (IllegalArgumentException e) {
      throw invalid("--postgres-url: " + e.getMessage());
    }
    if (history) {
      return printHistory(store, id, out, err);
    }
    SyncDefinition definition = definition(id, amplitudeBase, api, secret, segmentBase, write);
    EngineConfig config = EngineConfig.builder()
        .store(store)
        .usersPerBatch(batchSize)
        .maxRetries(maxRetries)
        .listener(terminal ? new Progress(err) : RunListener.NONE)
        .build();
    try (SyncEngine engine = SyncEngine.create(config)) {
      if (engine.sync(id).isPresent()) {
        engine.updateSync(definition);
      } else {
        engine.createSync(definition);
      }
      RunReport report = engine.runNow(id);
      if (terminal) {
        err.println();
      }
      printReport(report, out);
      if (report.status() != dev.cohortsync.sync.RunStatus.SUCCEEDED) {
        err.println("sync " + report.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + report.error());
        return 1;
      }
      return 0;
    } catch (IllegalStateException e) {
      err.println("sync failed: " + e.getMessage());
      return 1;
    }
  }

  private void requireKeys(String api, String secret, String write) {
    if (api == null) {
      throw invalid("missing Amplitude API key: pass --amplitude-api-key or set AMPLITUDE_API_KEY");
    }
    if (secret == null) {
      throw invalid("missing Amplitude secret key: pass --amplitude-secret-key or set AMPLITUDE_SECRET_KEY");
    }
    if (write == null) {
      throw invalid("missing Segment write key: pass --segment-write-key or set SEGMENT_WRITE_KEY");
    }
  }

  private SyncDefinition definition(
      String id, URI amplitudeBase, String api, String secret, URI segmentBase, String write) {
    boolean someCohorts = cohortIds != null && !cohortIds.isEmpty();
    if (someCohorts == allCohorts) {
      throw invalid(allCohorts
          ? "--all-cohorts and --cohort exclude each other; pass one of them"
          : "name the cohorts: --cohort ID (repeatable) or --all-cohorts");
    }
    try {
      return SyncDefinition.builder(id, new AmplitudeSource(amplitudeBase, api, secret), new SegmentTarget(segmentBase, write))
          .cohortIds(someCohorts ? cohortIds : List.of())
          .traitKeyTemplate(new TraitKeyTemplate(traitKeyTemplate))
          .renamePolicy(renamePolicy)
          .build();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private int printHistory(StoreConfig store, String id, PrintWriter out, PrintWriter err) {
    try (SyncEngine engine = SyncEngine.create(EngineConfig.builder().store(store).build())) {
      if (engine.sync(id).isEmpty()) {
        err.println("no sync " + id + " in the store " + store + "; run sync first, or pass the --sync-id it printed");
        return 1;
      }
      List<RunReport> runs = engine.runs(id);
      out.println("sync " + id + ": " + runs.size() + " runs" + (runs.size() > limit ? ", newest " + limit + " shown" : ""));
      for (RunReport run : runs.subList(0, Math.min(limit, runs.size()))) {
        RunReport.Totals totals = run.totals();
        out.printf("run %d  %s  %-9s true %d, false %d, skipped %d, failed %d, retried batches %d%s%n",
            run.runId(), run.startedAt(), run.status(), totals.sentTrue(), totals.sentFalse(), totals.skipped(),
            totals.failed(), totals.retriedBatches(), run.error() == null ? "" : "  error: " + run.error());
      }
      return 0;
    } catch (IllegalStateException e) {
      err.println("sync --history failed: " + e.getMessage());
      return 1;
    }
  }

  private static void printReport(RunReport report, PrintWriter out) {
    out.println("sync " + report.syncId() + ", run " + report.runId() + ": " + report.status());
    for (CohortReport cohort : report.cohorts()) {
      out.printf("  cohort %s%s: true %d, false %d, skipped %d, failed %d  %s%n",
          cohort.cohortId(),
          cohort.traitKey() == null ? "" : " as \"" + cohort.traitKey() + "\"",
          cohort.sentTrue(), cohort.sentFalse(), cohort.skipped(), cohort.failed(), cohort.status());
      if (cohort.error() != null) {
        out.println("    " + cohort.error());
      }
    }
    RunReport.Totals totals = report.totals();
    out.printf("  total: true %d, false %d, skipped %d, failed %d, retried batches %d%n",
        totals.sentTrue(), totals.sentFalse(), totals.skipped(), totals.failed(), totals.retriedBatches());
  }

  /** Hash of the accounts, so the id names no key but stays the same for the same accounts. */
  static String derivedSyncId(URI amplitudeBase, String apiKey, URI segmentBase, String writeKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String accounts = amplitudeBase + "\n" + apiKey + "\n" + segmentBase + "\n" + writeKey;
      return "cli-" + HexFormat.of().formatHex(digest.digest(accounts.getBytes(StandardCharsets.UTF_8)), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** Rejects a base URL that is not http(s), has no host, or already ends in a path the engine adds. */
  private void checkBaseUrl(String option, URI url, String addedPath) {
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw invalid(option + " " + url + " is not an http(s) URL with a host; write it like http://127.0.0.1:8080");
    }
    String path = url.getPath() == null ? "" : url.getPath();
    if (path.endsWith(addedPath) || path.endsWith(addedPath + "/")) {
      throw invalid(option + " " + url + " ends in " + addedPath + ", which the engine adds itself; pass "
          + url.resolve("/") + " instead");
    }
  }

  private CommandLine.ParameterException invalid(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static String firstNonBlank(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second != null && !second.isBlank() ? second : null;
  }

  /** Progress lines on standard error, for people watching a long run in a terminal. */
  private static final class Progress implements RunListener {
    private final PrintWriter err;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void exportRead(String syncId, String cohortId, long members, long skipped) {
      err.printf("cohort %s: export read, %d members with a user_id, %d without%n", cohortId, members, skipped);
      err.flush();
    }

    @Override
    public synchronized void changesFound(String syncId, String cohortId, long changes) {
      err.printf("cohort %s: %d changes to send%n", cohortId, changes);
      err.flush();
    }

    @Override
    public synchronized void batchAcknowledged(String syncId, String cohortId, long acknowledged) {
      err.printf("\rcohort %s: %d acknowledged", cohortId, acknowledged);
      err.flush();
    }
  }
}
