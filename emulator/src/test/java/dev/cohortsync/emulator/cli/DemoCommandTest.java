package dev.cohortsync.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void demoExitPlaysTheBundledTimelineAndExitsZero() {
    int exit = run("demo", "--exit", "--port", "0");

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString())
        .contains("run 1 of sync demo-hourly at +5m (scheduled, succeeded)")
        .contains("run 2 of sync demo-hourly at +1h05m")
        .contains("run 3 of sync demo-hourly at +2h05m")
        .contains("[Amplitude] Café Lovers: São Paulo & 東京 (9apg8e8f)")
        .contains("every run succeeded and every identify the engine sent is stored");
  }

  @Test
  void demoRejectsAMissingTimelineFileWithoutStackTrace(@TempDir Path folder) {
    int exit = run("demo", "--exit", "--port", "0", "--timeline", folder.resolve("nope.json").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("error: --timeline").contains("is not a file");
    assertThat(err.toString()).doesNotContain("\tat ");
  }

  @Test
  void demoNamesTheInvalidFieldOfACustomTimeline(@TempDir Path folder) throws Exception {
    Path timeline = folder.resolve("timeline.json");
    Files.writeString(timeline, "{\"name\":\"mine\",\"start\":\"yesterday\"}");

    int exit = run("demo", "--exit", "--port", "0", "--timeline", timeline.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("start (\"yesterday\") is invalid");
  }
}
