package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings.CsvLineEnding;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.Region;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportCsvWriterTest {

  private final ProjectState project =
      new ProjectState(
          new AmplitudeProject("P", 1, "key", "secret", Region.US), new AmplitudeSettings(), 1);

  @Test
  void quotesEveryFieldAndLeavesAnonymousUserIdEmpty() throws IOException {
    project.upsertUsers(List.of(AmplitudeUser.of(101, "user_1"), AmplitudeUser.of(102, null)));

    String csv = write(Membership.of(103, 101, 102), List.of(), CsvLineEnding.CRLF);

    assertThat(csv)
        .isEqualTo(
            "\"amplitude_id\",\"user_id\"\r\n"
                + "\"101\",\"user_1\"\r\n"
                + "\"102\",\"\"\r\n"
                + "\"103\",\"\"\r\n");
  }

  @Test
  void writesRequestedPropertyColumnsInOrder() throws IOException {
    project.upsertUsers(
        List.of(
            new AmplitudeUser(1, "u1", Map.of("plan", "pro", "email", "a@x.io")),
            new AmplitudeUser(2, "u2", Map.of("plan", "free"))));

    String csv = write(Membership.of(1, 2), List.of("plan", "email"), CsvLineEnding.LF);

    assertThat(csv)
        .isEqualTo(
            "\"amplitude_id\",\"user_id\",\"plan\",\"email\"\n"
                + "\"1\",\"u1\",\"pro\",\"a@x.io\"\n"
                + "\"2\",\"u2\",\"free\",\"\"\n");
  }

  @Test
  void escapesQuotesAndKeepsCommasAndLineBreaksInsideFields() throws IOException {
    project.upsertUsers(List.of(AmplitudeUser.of(7, "a \"b\", c\nd")));

    String csv = write(Membership.of(7), List.of(), CsvLineEnding.CRLF);

    assertThat(csv).endsWith("\"7\",\"a \"\"b\"\", c\nd\"\r\n");
  }

  @Test
  void writesOnlyTheHeaderForAnEmptyCohort() throws IOException {
    assertThat(write(Membership.EMPTY, List.of(), CsvLineEnding.CRLF))
        .isEqualTo("\"amplitude_id\",\"user_id\"\r\n");
  }

  @Test
  void writesRowsAcrossSeveralLookupChunks() throws IOException {
    long[] ids = new long[10_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    project.upsertUsers(List.of(AmplitudeUser.of(9_000, "late")));

    String csv = write(Membership.of(ids), List.of(), CsvLineEnding.LF);

    assertThat(csv.lines().count()).isEqualTo(10_001);
    assertThat(csv).contains("\n\"9000\",\"late\"\n");
  }

  private String write(Membership members, List<String> columns, CsvLineEnding ending)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExportCsvWriter.write(out, members, columns, project, ending);
    return out.toString(StandardCharsets.UTF_8);
  }
}
