package dev.cohortsync.emulator.cli;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.time.VirtualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: every fake, the sync engine and the control API on one port until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the fake Amplitude, the fake Segment, the sync engine and the control API on one port.",
      "Runs until interrupted (Ctrl-C). Every setting listed in the README can be changed with --set."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port to listen on; 0 picks a free port and prints it. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to bind. Default: ${DEFAULT-VALUE} (loopback only; other hosts cannot connect).")
  String host;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Folder of the sync engine's embedded store. Default: .cohort-sync/state in the working folder.")
  Path stateDirectory;

  @Option(
      names = "--in-memory",
      description = "Keep sync state in memory only; it is gone when the process stops.")
  boolean inMemory;

  @Option(
      names = "--postgres-url",
      paramLabel = "JDBC_URL",
      description = "Keep sync state in PostgreSQL instead, e.g. jdbc:postgresql://127.0.0.1:5432/cohortsync?user=u&password=p.")
  String postgresUrl;

  @Option(
      names = "--segment-source",
      paramLabel = "WRITE_KEY",
      description = "Register a Segment source write key (repeatable). Events of unregistered keys are dropped by default, as Segment does.")
  List<String> segmentSources = List.of();

  @Option(
      names = "--clock-start",
      paramLabel = "INSTANT",
      description = "Freeze the virtual clock at this ISO-8601 instant; it then moves only through POST /_emulator/clock/advance.")
  Instant clockStart;

  @Option(
      names = "--set",
      paramLabel = "SETTING=VALUE",
      description = "Change any setting, e.g. --set segment.strictValidation=true --set amplitude.exportJobDuration=PT0S (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    if (inMemory && (stateDirectory != null || postgresUrl != null)) {
      throw new IllegalArgumentException(
          "--in-memory cannot be combined with --state-dir or --postgres-url; pick one place for sync state");
    }
    Emulator emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = port;
                  cfg.host = host;
                  if (clockStart != null) {
                    cfg.clock = VirtualClock.frozenAt(clockStart);
                  }
                  if (stateDirectory != null) {
                    cfg.sync.stateDirectory = stateDirectory;
                  }
                  if (inMemory) {
                    cfg.sync.stateDirectory = null;
                  }
                  if (postgresUrl != null) {
                    cfg.sync.postgresUrl = postgresUrl;
                  }
                  cfg.segment.sourceWriteKeys.addAll(segmentSources);
                  try {
                    SettingOverrides.apply(cfg, settings);
                  } catch (IllegalArgumentException e) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
                  }
                })
            .start();
    spec.commandLine().getOut().println("listening on " + emulator.baseUri());
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.stop();
      stopped.countDown();
    }, "emulator-shutdown"));
    stopped.await();
    return 0;
  }
}
