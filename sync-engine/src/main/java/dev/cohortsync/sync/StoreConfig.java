package dev.cohortsync.sync;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the engine keeps sync definitions, delivery state, pending batches and run history.
 *
 * <p>The embedded store (H2 in a file) needs no setup but serves one engine process at a time.
 * PostgreSQL serves several engine processes at once: they split the due syncs between them
 * through per-sync leases. Both create their tables on first use (Flyway migrations).
 */
public sealed interface StoreConfig {

  /** Default directory of the embedded store, relative to the working directory. */
  Path DEFAULT_STATE_DIRECTORY = Path.of(".cohort-sync", "state");

  /** An H2 database in {@code directory} (created if missing); survives restarts. */
  static StoreConfig embedded(Path directory) {
    return new Embedded(directory);
  }

  /**
   * An H2 database in memory, dropped when the engine closes. For tests and throw-away demos
   * only: nothing survives a restart.
   */
  static StoreConfig inMemory(String name) {
    return new InMemory(name);
  }

  /**
   * A PostgreSQL database (11 or newer; tested with 15).
   *
   * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/cohortsync?user=sync&password=...};
   *     user and password may also be passed separately
   */
  static StoreConfig postgres(String jdbcUrl) {
    return new Postgres(jdbcUrl, null, null);
  }

  static StoreConfig postgres(String jdbcUrl, String user, String password) {
    return new Postgres(jdbcUrl, user, password);
  }

  /** H2 database file under a directory. */
  record Embedded(Path directory) implements StoreConfig {
    public Embedded {
      Objects.requireNonNull(directory, "directory must not be null; pass for example " + DEFAULT_STATE_DIRECTORY);
    }
  }

  /** H2 database in memory. */
  record InMemory(String name) implements StoreConfig {
    public InMemory {
      if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
        throw new IllegalArgumentException(
            "in-memory store name \"" + name + "\" is invalid; use 1 to 64 letters, digits or '_'");
      }
    }
  }

  /** PostgreSQL database. */
  record Postgres(String jdbcUrl, String user, String password) implements StoreConfig {
    public Postgres {
      if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "PostgreSQL URL \"" + maskUrl(jdbcUrl) + "\" is invalid; pass a JDBC URL such as"
                + " jdbc:postgresql://127.0.0.1:5432/cohortsync?user=sync&password=secret");
      }
    }

    @Override
    public String toString() {
      return "Postgres[" + maskUrl(jdbcUrl) + ", user=" + user + "]";
    }

    /** Hides the password parameter of a JDBC URL for logs and messages. */
    public static String maskUrl(String url) {
      return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1…");
    }
  }
}
