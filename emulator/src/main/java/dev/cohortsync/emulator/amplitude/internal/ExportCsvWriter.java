package dev.cohortsync.emulator.amplitude.internal;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings.CsvLineEnding;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an export file as RFC 4180 CSV with every field quoted: a header row
 * {@code "amplitude_id","user_id"} plus one column per requested property, then one row per member
 * in ascending Amplitude id order. A member with no user or no user id gets an empty
 * {@code user_id}; a missing property is an empty field.
 *
 * <p>Rows are streamed: users are looked up a chunk at a time and written straight to the output,
 * so memory use does not grow with the cohort.
 */
final class ExportCsvWriter {

  private static final int CHUNK_SIZE = 4096;

  private ExportCsvWriter() {}

  /** Writes the file and flushes {@code out}; the caller closes it. */
  static void write(
      OutputStream out,
      Membership members,
      List<String> propertyColumns,
      ProjectState project,
      CsvLineEnding lineEnding)
      throws IOException {
    CsvWriter csv =
        CsvWriter.builder()
            .quoteStrategy(QuoteStrategies.ALWAYS)
            .lineDelimiter(lineEnding == CsvLineEnding.CRLF ? LineDelimiter.CRLF : LineDelimiter.LF)
            .build(out, StandardCharsets.UTF_8);
    String[] row = new String[2 + propertyColumns.size()];
    row[0] = "amplitude_id";
    row[1] = "user_id";
    for (int c = 0; c < propertyColumns.size(); c++) {
      row[2 + c] = propertyColumns.get(c);
    }
    csv.writeRecord(row);

    AmplitudeUser[] users = new AmplitudeUser[CHUNK_SIZE];
    for (int from = 0; from < members.size(); from += CHUNK_SIZE) {
      int to = Math.min(members.size(), from + CHUNK_SIZE);
      project.resolveUsers(members, from, to, users);
      for (int i = from; i < to; i++) {
        AmplitudeUser user = users[i - from];
        row[0] = Long.toString(members.get(i));
        row[1] = user == null || user.userId() == null ? "" : user.userId();
        for (int c = 0; c < propertyColumns.size(); c++) {
          String value = user == null ? null : user.properties().get(propertyColumns.get(c));
          row[2 + c] = value == null ? "" : value;
        }
        csv.writeRecord(row);
      }
    }
    csv.flush();
  }
}
