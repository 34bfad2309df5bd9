package dev.cohortsync.emulator.timeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a timeline file and the CSV files it names are read from: a classpath folder (bundled
 * fixtures) or a folder on disk (a user's own timeline).
 *
 * <p>Relative names may not leave the folder: absolute paths and {@code ..} segments are rejected,
 * so a timeline cannot read arbitrary files.
 */
public interface TimelineSource {

  /** The folder, for error messages. */
  String describe();

  /** Opens a file of the folder by its relative name. */
  InputStream open(String relativeName) throws IOException;

  /** The bundled fixture folder {@code cohort-sync-fixtures/<name>/} on the classpath. */
  static TimelineSource bundled(String name) {
    String folder = "cohort-sync-fixtures/" + name + "/";
    return new TimelineSource() {
      @Override
      public String describe() {
        return "bundled fixture " + name;
      }

      @Override
      public InputStream open(String relativeName) throws IOException {
        checkRelative(relativeName);
        InputStream in = TimelineSource.class.getClassLoader().getResourceAsStream(folder + relativeName);
        if (in == null) {
          throw new NoSuchFileException(folder + relativeName);
        }
        return in;
      }
    };
  }

  /** A folder on disk. */
  static TimelineSource directory(Path folder) {
    Path root = folder.toAbsolutePath().normalize();
    return new TimelineSource() {
      @Override
      public String describe() {
        return root.toString();
      }

      @Override
      public InputStream open(String relativeName) throws IOException {
        checkRelative(relativeName);
        return Files.newInputStream(root.resolve(relativeName));
      }
    };
  }

  private static void checkRelative(String name) throws IOException {
    Path path = Path.of(name);
    if (path.isAbsolute() || path.normalize().startsWith("..") || name.contains("\\")) {
      throw new IOException(
          "file name " + name + " leaves the timeline folder; use a path relative to the timeline"
              + " file without .. segments");
    }
  }
}
