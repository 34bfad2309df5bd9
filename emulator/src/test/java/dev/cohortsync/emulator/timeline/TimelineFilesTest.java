package dev.cohortsync.emulator.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.emulator.timeline.TimelineFiles.UserRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineFilesTest {

  @TempDir Path folder;

  @Test
  void readsUsersWithEmptyUserIdAsAnonymousAndExtraColumnsAsProperties() throws IOException {
    Files.writeString(
        folder.resolve("users.csv"),
        "\"amplitude_id\",\"user_id\",\"plan\"\n\"11\",\"u1\",\"pro\"\n\"12\",\"\",\"free\"\n");

    List<UserRow> rows = new TimelineFiles(TimelineSource.directory(folder)).users("users.csv");

    assertThat(rows).containsExactly(
        new UserRow(11, "u1", Map.of("plan", "pro")), new UserRow(12, null, Map.of("plan", "free")));
  }

  @Test
  void readsMemberIds() throws IOException {
    Files.writeString(folder.resolve("m.csv"), "amplitude_id\n5\n\"6\"\n");

    assertThat(new TimelineFiles(TimelineSource.directory(folder)).amplitudeIds("m.csv")).containsExactly(5L, 6L);
  }

  @Test
  void rejectsMissingAmplitudeIdColumn() throws IOException {
    Files.writeString(folder.resolve("m.csv"), "id\n5\n");

    assertThatThrownBy(() -> new TimelineFiles(TimelineSource.directory(folder)).amplitudeIds("m.csv"))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining("has no amplitude_id column");
  }

  @Test
  void rejectsNonNumericIdWithLineNumber() throws IOException {
    Files.writeString(folder.resolve("m.csv"), "amplitude_id\n5\nabc\n");

    assertThatThrownBy(() -> new TimelineFiles(TimelineSource.directory(folder)).amplitudeIds("m.csv"))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("\"abc\"");
  }

  @Test
  void rejectsMissingFile() {
    assertThatThrownBy(() -> new TimelineFiles(TimelineSource.directory(folder)).amplitudeIds("none.csv"))
        .isInstanceOf(TimelineException.class)
        .hasMessageContaining("cannot read file none.csv");
  }
}
