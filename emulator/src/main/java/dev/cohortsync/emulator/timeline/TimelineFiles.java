package dev.cohortsync.emulator.timeline;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV files a timeline names. Both kinds have a header row; {@code amplitude_id} is
 * required in both, {@code user_id} in user files, where an empty field means an anonymous user
 * and every other column becomes a user property.
 */
public final class TimelineFiles {

  /** One row of a users file. */
  public record UserRow(long amplitudeId, String userId, Map<String, String> properties) {
    public UserRow {
      properties = Map.copyOf(properties);
    }
  }

  private final TimelineSource source;

  public TimelineFiles(TimelineSource source) {
    this.source = source;
  }

  /** Reads a users file: {@code amplitude_id}, {@code user_id} and optional property columns. */
  public List<UserRow> users(String file) {
    List<UserRow> rows = new ArrayList<>();
    read(file, List.of("amplitude_id", "user_id"), (record, line) -> {
      Map<String, String> properties = new LinkedHashMap<>(record.getFieldsAsMap());
      properties.remove("amplitude_id");
      String userId = properties.remove("user_id");
      rows.add(new UserRow(amplitudeId(file, line, record), userId.isEmpty() ? null : userId, properties));
    });
    return rows;
  }

  /** Reads a members file: one {@code amplitude_id} per row. */
  public List<Long> amplitudeIds(String file) {
    List<Long> ids = new ArrayList<>();
    read(file, List.of("amplitude_id"), (record, line) -> ids.add(amplitudeId(file, line, record)));
    return ids;
  }

  /**
   * Reads every file {@code timeline} names, so a missing or invalid file fails before anything
   * is played.
   *
   * @throws TimelineException naming the file, the line and the problem
   */
  public void checkAll(Timeline timeline) {
    if (timeline.usersFile() != null) {
      users(timeline.usersFile());
    }
    for (Timeline.Step step : timeline.steps()) {
      if (step instanceof Timeline.MembersStep members) {
        for (String file : java.util.Arrays.asList(members.setFile(), members.addFile(), members.removeFile())) {
          if (file != null) {
            amplitudeIds(file);
          }
        }
      } else if (step instanceof Timeline.UsersStep users) {
        users(users.file());
      }
    }
  }

  private interface RowHandler {
    void accept(NamedCsvRecord record, long line);
  }

  private void read(String file, List<String> requiredColumns, RowHandler handler) {
    try (InputStream in = source.open(file);
        CsvReader<NamedCsvRecord> reader =
            CsvReader.builder().ofNamedCsvRecord(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean headerChecked = false;
      for (NamedCsvRecord record : reader) {
        if (!headerChecked) {
          for (String column : requiredColumns) {
            if (!record.getHeader().contains(column)) {
              throw new TimelineException(
                  where(file) + " has no " + column + " column (header " + record.getHeader()
                      + "); add a header row that names " + requiredColumns);
            }
          }
          headerChecked = true;
        }
        handler.accept(record, record.getStartingLineNumber());
      }
    } catch (CsvParseException e) {
      throw new TimelineException(where(file) + " is not valid CSV: " + e.getMessage() + "; fix the quoting there", e);
    } catch (IOException e) {
      throw new TimelineException("cannot read " + where(file) + ": " + e.getMessage() + "; check the file name", e);
    } catch (UncheckedIOException e) {
      throw new TimelineException("cannot read " + where(file) + ": " + e.getCause().getMessage(), e);
    }
  }

  private String where(String file) {
    return "file " + file + " of " + source.describe();
  }

  private long amplitudeId(String file, long line, NamedCsvRecord record) {
    String text = record.getField("amplitude_id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below with the line number
    }
    throw new TimelineException(
        where(file) + " line " + line + ": amplitude_id \"" + text
            + "\" is invalid; use a positive integer such as 356896327775");
  }
}
