package dev.cohortsync.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.sync.testing.EngineHarness;
import dev.cohortsync.sync.testing.FakeAmplitudeServer;
import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import dev.cohortsync.sync.testing.FakeSegmentServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code sync} command against loopback stand-ins for Amplitude and Segment. */
class SyncCommandTest {

  @TempDir Path state;

  private final FakeAmplitudeServer amplitude =
      FakeAmplitudeServer.start(EngineHarness.API_KEY, EngineHarness.SECRET_KEY);
  private final FakeSegmentServer segment = FakeSegmentServer.start();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void cohorts() {
    amplitude.cohort("abc123", "Power Users", List.of(Row.of("u1"), Row.of("u2"), Row.anonymous("356896327775")));
  }

  @AfterEach
  void stop() {
    amplitude.close();
    segment.close();
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine command = new CommandLine(new SyncCommand(environment, false)).setCaseInsensitiveEnumValuesAllowed(true);
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private List<String> args(String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--amplitude-url", amplitude.baseUri().toString(),
        "--segment-url", segment.baseUri().toString(),
        "--state-dir", state.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private static final Map<String, String> KEYS = Map.of(
      "AMPLITUDE_API_KEY", EngineHarness.API_KEY,
      "AMPLITUDE_SECRET_KEY", EngineHarness.SECRET_KEY,
      "SEGMENT_WRITE_KEY", EngineHarness.WRITE_KEY);

  @Test
  void syncsCohortWithKeysFromEnvironment() {
    int exit = run(KEYS, args("--cohort", "abc123").toArray(String[]::new));

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("cohort abc123 as \"[Amplitude] Power Users (abc123)\": true 2, false 0, skipped 1, failed 0  SUCCEEDED")
        .contains("total: true 2, false 0, skipped 1, failed 0");
    assertThat(segment.acknowledgedIdentifies()).hasSize(2);
  }

  @Test
  void secondRunSendsOnlyChangesAndHistoryListsBoth() {
    run(KEYS, args("--cohort", "abc123").toArray(String[]::new));
    amplitude.members("abc123", "Power Users", "u2", "u3");
    segment.clear();

    int exit = run(KEYS, args("--cohort", "abc123").toArray(String[]::new));
    int historyExit = run(KEYS, args("--history").toArray(String[]::new));

    assertThat(exit).isZero();
    assertThat(segment.acknowledgedIdentifies()).hasSize(2);
    assertThat(historyExit).isZero();
    assertThat(out.toString()).contains("2 runs").contains("true 1, false 1, skipped 0, failed 0");
  }

  @Test
  void keysOnTheCommandLineWork() {
    int exit = run(Map.of(), args("--cohort", "abc123", "--amplitude-api-key", EngineHarness.API_KEY,
        "--amplitude-secret-key", EngineHarness.SECRET_KEY, "--segment-write-key", EngineHarness.WRITE_KEY,
        "--trait-key-template", "{name} ({id})", "--batch-size", "1").toArray(String[]::new));

    assertThat(exit).isZero();
    assertThat(segment.batches()).hasSize(2);
    assertThat(out.toString()).contains("\"Power Users (abc123)\"");
  }

  @Test
  void missingSecretIsAUsageErrorNamingTheVariable() {
    int exit = run(Map.of("AMPLITUDE_API_KEY", "k", "SEGMENT_WRITE_KEY", "w"),
        args("--cohort", "abc123").toArray(String[]::new));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("AMPLITUDE_SECRET_KEY");
    assertThat(segment.batches()).isEmpty();
  }

  @Test
  void segmentUrlEndingInV1IsAUsageError() {
    List<String> arguments = args("--cohort", "abc123");
    arguments.set(arguments.indexOf("--segment-url") + 1, segment.baseUri() + "/v1");

    int exit = run(KEYS, arguments.toArray(String[]::new));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("ends in /v1, which the engine adds itself");
    assertThat(segment.batches()).isEmpty();
  }

  @Test
  void maxRetriesOutOfRangeIsAUsageError() {
    int exit = run(KEYS, args("--cohort", "abc123", "--max-retries", "99").toArray(String[]::new));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--max-retries 99 is out of range");
  }

  @Test
  void cohortsAreRequired() {
    int exit = run(KEYS, args().toArray(String[]::new));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--cohort ID").contains("--all-cohorts");
  }

  @Test
  void failedRunExitsNonZeroWithTheReason() {
    int exit = run(KEYS, args("--cohort", "nosuch1").toArray(String[]::new));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("nosuch1").contains("not in the project");
  }

  @Test
  void wrongSecretFailsWithoutPrintingKeys() {
    Map<String, String> wrong = Map.of("AMPLITUDE_API_KEY", EngineHarness.API_KEY,
        "AMPLITUDE_SECRET_KEY", "wrong-secret", "SEGMENT_WRITE_KEY", EngineHarness.WRITE_KEY);

    int exit = run(wrong, args("--cohort", "abc123").toArray(String[]::new));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 403").doesNotContain("wrong-secret").doesNotContain(EngineHarness.API_KEY);
  }

  @Test
  void regionsPickTheDocumentedHosts() {
    SyncCommand command = new SyncCommand(Map.of(), false);
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--amplitude-region", "eu", "--segment-region", "EU");

    assertThat(command.amplitudeRegion).isEqualTo(SyncCommand.Region.EU);
    assertThat(command.segmentRegion).isEqualTo(SyncCommand.Region.EU);
    assertThat(command.amplitudeUrl).isNull();
  }

  @Test
  void derivedSyncIdDependsOnAccountsButShowsNoKey() {
    String id = SyncCommand.derivedSyncId(URI.create("https://amplitude.com"), "key-1", URI.create("https://api.segment.io"), "wk");

    assertThat(id).matches("cli-[0-9a-f]{12}").doesNotContain("key-1");
    assertThat(SyncCommand.derivedSyncId(URI.create("https://amplitude.com"), "key-2", URI.create("https://api.segment.io"), "wk"))
        .isNotEqualTo(id);
  }
}
