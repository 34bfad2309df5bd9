package dev.cohortsync.emulator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log level changes made by commands whose own output is the point, such as {@code demo}. */
final class Logging {

  private Logging() {}

  /** Keeps warnings and errors only, unless COHORT_SYNC_LOG_LEVEL asks for another level. */
  static void quiet() {
    if (System.getenv("COHORT_SYNC_LOG_LEVEL") != null) {
      return;
    }
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
  }
}
