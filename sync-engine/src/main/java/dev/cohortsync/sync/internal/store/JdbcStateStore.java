package dev.cohortsync.sync.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.RunStatus;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import dev.cohortsync.sync.Trigger;
import dev.cohortsync.sync.internal.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * {@link StateStore} over JDBC, shared by the embedded H2 store and the PostgreSQL store. The two
 * differ only in their migrations and in the upsert statement.
 */
public final class JdbcStateStore implements StateStore {

  private enum Dialect {
    H2,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String description;
  private final boolean dropOnClose;

  private JdbcStateStore(HikariDataSource dataSource, Dialect dialect, String description, boolean dropOnClose) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
    this.dropOnClose = dropOnClose;
  }

  /**
   * Opens the store a config names and brings its schema up to date.
   *
   * @param poolSize connections in the pool; the engine needs one per batch in flight plus a few
   */
  public static JdbcStateStore open(StoreConfig config, int poolSize) {
    HikariConfig hikari = new HikariConfig();
    hikari.setMaximumPoolSize(poolSize);
    hikari.setPoolName("cohort-sync-store");
    Dialect dialect;
    String description;
    boolean dropOnClose = false;
    if (config instanceof StoreConfig.Embedded embedded) {
      Path directory = embedded.directory().toAbsolutePath();
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the state directory " + directory + "; pass a writable directory", e);
      }
      // FILE_LOCK=FS uses an operating-system lock, which a killed process releases at once.
      // WRITE_DELAY=0 writes every commit to the file before the commit returns; H2's default
      // keeps commits in memory for up to a second, and a killed process would lose them.
      hikari.setJdbcUrl(
          "jdbc:h2:file:" + directory.resolve("cohort-sync")
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;FILE_LOCK=FS;WRITE_DELAY=0");
      dialect = Dialect.H2;
      description = "h2:" + directory;
    } else if (config instanceof StoreConfig.InMemory memory) {
      hikari.setJdbcUrl(
          "jdbc:h2:mem:" + memory.name() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
      dialect = Dialect.H2;
      description = "h2:mem:" + memory.name();
      dropOnClose = true;
    } else if (config instanceof StoreConfig.Postgres postgres) {
      hikari.setJdbcUrl(postgres.jdbcUrl());
      if (postgres.user() != null) {
        hikari.setUsername(postgres.user());
      }
      if (postgres.password() != null) {
        hikari.setPassword(postgres.password());
      }
      dialect = Dialect.POSTGRESQL;
      description = StoreConfig.Postgres.maskUrl(postgres.jdbcUrl());
    } else {
      throw new IllegalArgumentException("unknown store config " + config);
    }
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(hikari);
    } catch (RuntimeException e) {
      if (dialect == Dialect.H2 && lockedByAnotherProcess(e)) {
        throw new IllegalStateException(
            "cannot open the state store " + description + ": another process (a running serve, or"
                + " another sync) has it open; stop that process or give this one its own folder with"
                + " --state-dir",
            e);
      }
      throw new IllegalStateException(
          "cannot open the state store " + description + ": " + e.getMessage()
              + "; check the URL, the credentials and that the database runs", e);
    }
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
          .table("cohort_sync_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw new IllegalStateException("cannot migrate the state store " + description + ": " + e.getMessage(), e);
    }
    JdbcStateStore store = new JdbcStateStore(dataSource, dialect, description, dropOnClose);
    if (config instanceof StoreConfig.Embedded) {
      // The file lock lets only one process at a time open an embedded store. A lease found here
      // was therefore left by a process that died, and waiting for it to expire would only delay
      // the restart.
      store.clearLeases();
    }
    return store;
  }

  private void clearLeases() {
    inTransaction(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate(
            "UPDATE sync_definition SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner IS NOT NULL");
      }
      return null;
    });
  }

  @Override
  public String describe() {
    return description;
  }

  // ---- syncs and schedules

  @Override
  public boolean insertSync(Sync sync) {
    return inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM sync_definition WHERE sync_id = ?")) {
        select.setString(1, sync.id());
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO sync_definition (sync_id, definition_json, created_at, next_run_at, enabled,"
              + " disabled_reason) VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, sync.id());
        insert.setString(2, DefinitionCodec.write(sync.definition()));
        insert.setLong(3, sync.createdAt().toEpochMilli());
        setInstant(insert, 4, sync.nextRunAt());
        insert.setBoolean(5, sync.enabled());
        insert.setString(6, sync.disabledReason());
        insert.executeUpdate();
      }
      return true;
    });
  }

  @Override
  public boolean updateDefinition(SyncDefinition definition) {
    return inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_definition SET definition_json = ? WHERE sync_id = ?")) {
        update.setString(1, DefinitionCodec.write(definition));
        update.setString(2, definition.id());
        return update.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<Sync> findSync(String syncId) {
    return inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT definition_json, created_at, next_run_at, enabled, disabled_reason"
              + " FROM sync_definition WHERE sync_id = ?")) {
        select.setString(1, syncId);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(readSync(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Sync> listSyncs() {
    return inTransaction(connection -> {
      List<Sync> syncs = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT definition_json, created_at, next_run_at, enabled, disabled_reason"
              + " FROM sync_definition ORDER BY sync_id");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          syncs.add(readSync(rows));
        }
      }
      return syncs;
    });
  }

  /** H2 reports a database file locked by another process with error code 90020. */
  private static boolean lockedByAnotherProcess(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == 90020) {
        return true;
      }
    }
    return false;
  }

  private static Sync readSync(ResultSet rows) throws SQLException {
    return new Sync(
        DefinitionCodec.read(rows.getString(1)),
        Instant.ofEpochMilli(rows.getLong(2)),
        getInstant(rows, 3),
        rows.getBoolean(4),
        rows.getString(5));
  }

  @Override
  public boolean deleteSync(String syncId) {
    return inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM member_state WHERE key_id IN (SELECT key_id FROM cohort_key WHERE sync_id = ?)")) {
        delete.setString(1, syncId);
        delete.executeUpdate();
      }
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM sync_definition WHERE sync_id = ?")) {
        delete.setString(1, syncId);
        return delete.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void updateSchedule(String syncId, Instant nextRunAt, boolean enabled, String disabledReason) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_definition SET next_run_at = ?, enabled = ?, disabled_reason = ? WHERE sync_id = ?")) {
        setInstant(update, 1, nextRunAt);
        update.setBoolean(2, enabled);
        update.setString(3, disabledReason);
        update.setString(4, syncId);
        update.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<String> dueSyncIds(Instant now) {
    return inTransaction(connection -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT sync_id FROM sync_definition WHERE enabled AND next_run_at IS NOT NULL"
              + " AND next_run_at <= ? ORDER BY next_run_at, sync_id")) {
        select.setLong(1, now.toEpochMilli());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      return ids;
    });
  }

  // ---- leases

  @Override
  public boolean tryLease(String syncId, String owner, Instant now, Instant expiresAt) {
    return inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_definition SET lease_owner = ?, lease_expires_at = ? WHERE sync_id = ?"
              + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_expires_at < ?)")) {
        update.setString(1, owner);
        update.setLong(2, expiresAt.toEpochMilli());
        update.setString(3, syncId);
        update.setString(4, owner);
        update.setLong(5, now.toEpochMilli());
        return update.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void releaseLease(String syncId, String owner) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_definition SET lease_owner = NULL, lease_expires_at = NULL"
              + " WHERE sync_id = ? AND lease_owner = ?")) {
        update.setString(1, syncId);
        update.setString(2, owner);
        update.executeUpdate();
      }
      return null;
    });
  }

  // ---- delivery state

  @Override
  public List<CohortKey> keys(String syncId, String cohortId) {
    return inTransaction(connection -> {
      List<CohortKey> keys = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT key_id, trait_key FROM cohort_key WHERE sync_id = ? AND cohort_id = ? ORDER BY key_id")) {
        select.setString(1, syncId);
        select.setString(2, cohortId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            keys.add(new CohortKey(rows.getLong(1), syncId, cohortId, rows.getString(2)));
          }
        }
      }
      return keys;
    });
  }

  @Override
  public CohortKey key(String syncId, String cohortId, String traitKey) {
    for (CohortKey key : keys(syncId, cohortId)) {
      if (key.traitKey().equals(traitKey)) {
        return key;
      }
    }
    // Only the engine holding the sync's lease calls this (SyncRunner runs under the lease), so
    // select-then-insert does not race with another writer.
    return inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO cohort_key (sync_id, cohort_id, trait_key) VALUES (?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, syncId);
        insert.setString(2, cohortId);
        insert.setString(3, traitKey);
        insert.executeUpdate();
        return new CohortKey(generatedId(insert), syncId, cohortId, traitKey);
      }
    });
  }

  @Override
  public CohortKey renameKey(CohortKey key, String newTraitKey) {
    return inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE cohort_key SET trait_key = ? WHERE key_id = ?")) {
        update.setString(1, newTraitKey);
        update.setLong(2, key.keyId());
        update.executeUpdate();
      }
      return new CohortKey(key.keyId(), key.syncId(), key.cohortId(), newTraitKey);
    });
  }

  @Override
  public boolean hasMembers(long keyId) {
    return inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM member_state WHERE key_id = ? AND is_member LIMIT 1")) {
        select.setLong(1, keyId);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next();
        }
      }
    });
  }

  @Override
  public void forEachMember(long keyId, MemberVisitor visitor) {
    inTransaction(connection -> {
      // A fetch size inside a transaction makes the PostgreSQL driver stream rows through a
      // cursor instead of reading millions of them into memory at once.
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT user_id, is_member, change_count FROM member_state WHERE key_id = ?")) {
        select.setFetchSize(10_000);
        select.setLong(1, keyId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            visitor.accept(rows.getString(1), rows.getBoolean(2), rows.getInt(3));
          }
        }
      }
      return null;
    });
  }

  // ---- pending batches

  @Override
  public PendingBatch insertPending(CohortKey key, Instant createdAt, List<Change> changes) {
    return inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO pending_batch (key_id, created_at, change_count, changes) VALUES (?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        insert.setLong(1, key.keyId());
        insert.setLong(2, createdAt.toEpochMilli());
        insert.setInt(3, changes.size());
        insert.setBytes(4, ChangeCodec.encode(changes));
        insert.executeUpdate();
        return new PendingBatch(generatedId(insert), key, createdAt, changes);
      }
    });
  }

  @Override
  public List<PendingBatch> pending(String syncId, String cohortId) {
    return inTransaction(connection -> {
      List<PendingBatch> batches = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT p.batch_id, p.created_at, p.changes, k.key_id, k.trait_key FROM pending_batch p"
              + " JOIN cohort_key k ON k.key_id = p.key_id WHERE k.sync_id = ? AND k.cohort_id = ?"
              + " ORDER BY p.batch_id")) {
        select.setString(1, syncId);
        select.setString(2, cohortId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            CohortKey key = new CohortKey(rows.getLong(4), syncId, cohortId, rows.getString(5));
            batches.add(new PendingBatch(
                rows.getLong(1), key, Instant.ofEpochMilli(rows.getLong(2)),
                ChangeCodec.decode(rows.getBytes(3))));
          }
        }
      }
      return batches;
    });
  }

  @Override
  public void acknowledge(PendingBatch batch) {
    String upsert = dialect == Dialect.POSTGRESQL
        // The guard keeps a late acknowledgement of an older change from undoing a newer one.
        ? "INSERT INTO member_state (key_id, user_id, is_member, change_count) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (key_id, user_id) DO UPDATE SET is_member = EXCLUDED.is_member,"
            + " change_count = EXCLUDED.change_count"
            + " WHERE member_state.change_count <= EXCLUDED.change_count"
        : "MERGE INTO member_state (key_id, user_id, is_member, change_count) KEY (key_id, user_id)"
            + " VALUES (?, ?, ?, ?)";
    inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(upsert)) {
        for (Change change : batch.changes()) {
          statement.setLong(1, batch.key().keyId());
          statement.setString(2, change.userId());
          statement.setBoolean(3, change.value());
          statement.setInt(4, change.sequence() + 1);
          statement.addBatch();
        }
        statement.executeBatch();
      }
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM pending_batch WHERE batch_id = ?")) {
        delete.setLong(1, batch.batchId());
        delete.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void discardPending(long batchId) {
    inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM pending_batch WHERE batch_id = ?")) {
        delete.setLong(1, batchId);
        delete.executeUpdate();
      }
      return null;
    });
  }

  // ---- run history

  @Override
  public long startRun(String syncId, Trigger trigger, Instant startedAt, String owner) {
    return inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO sync_run (sync_id, trigger_kind, started_at, status, owner_id) VALUES (?, ?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, syncId);
        insert.setString(2, trigger.name());
        insert.setLong(3, startedAt.toEpochMilli());
        insert.setString(4, RunStatus.RUNNING.name());
        insert.setString(5, owner);
        insert.executeUpdate();
        return generatedId(insert);
      }
    });
  }

  @Override
  public void abandonRunning(String syncId, long exceptRunId, String error) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_run SET status = ?, error = ? WHERE sync_id = ? AND status = ? AND run_id <> ?")) {
        update.setString(1, RunStatus.ABANDONED.name());
        update.setString(2, error);
        update.setString(3, syncId);
        update.setString(4, RunStatus.RUNNING.name());
        update.setLong(5, exceptRunId);
        update.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public void addSkipped(long runId, String cohortId, List<String> amplitudeIds, int firstOrdinal) {
    if (amplitudeIds.isEmpty()) {
      return;
    }
    inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO run_skipped (run_id, cohort_id, ordinal, amplitude_id) VALUES (?, ?, ?, ?)")) {
        int ordinal = firstOrdinal;
        for (String amplitudeId : amplitudeIds) {
          insert.setLong(1, runId);
          insert.setString(2, cohortId);
          insert.setInt(3, ordinal++);
          insert.setString(4, amplitudeId);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void finishRun(long runId, Instant finishedAt, RunStatus status, String error, List<CohortReport> cohorts) {
    inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE sync_run SET finished_at = ?, status = ?, error = ? WHERE run_id = ?")) {
        update.setLong(1, finishedAt.toEpochMilli());
        update.setString(2, status.name());
        update.setString(3, error);
        update.setLong(4, runId);
        update.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO run_cohort (run_id, ordinal, cohort_id, cohort_name, trait_key, status, error,"
              + " sent_true, sent_false, skipped, failed, retried_batches, failures)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int ordinal = 0;
        for (CohortReport cohort : cohorts) {
          insert.setLong(1, runId);
          insert.setInt(2, ordinal++);
          insert.setString(3, cohort.cohortId());
          insert.setString(4, cohort.cohortName());
          insert.setString(5, cohort.traitKey());
          insert.setString(6, cohort.status().name());
          insert.setString(7, cohort.error());
          insert.setLong(8, cohort.sentTrue());
          insert.setLong(9, cohort.sentFalse());
          insert.setLong(10, cohort.skipped());
          insert.setLong(11, cohort.failed());
          insert.setLong(12, cohort.retriedBatches());
          insert.setString(13, DefinitionCodec.MAPPER.writeValueAsString(cohort.failures()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  @Override
  public List<RunReport> runs(String syncId, int limit) {
    return inTransaction(connection -> {
      List<RunReport> runs = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT run_id, sync_id, trigger_kind, started_at, finished_at, status, error FROM sync_run"
              + " WHERE sync_id = ? ORDER BY run_id DESC LIMIT ?")) {
        select.setString(1, syncId);
        select.setInt(2, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            runs.add(readRun(connection, rows, 0));
          }
        }
      }
      return runs;
    });
  }

  @Override
  public Optional<RunReport> run(long runId, int skippedLimit) {
    return inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT run_id, sync_id, trigger_kind, started_at, finished_at, status, error FROM sync_run"
              + " WHERE run_id = ?")) {
        select.setLong(1, runId);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(readRun(connection, rows, skippedLimit)) : Optional.empty();
        }
      }
    });
  }

  private static RunReport readRun(Connection connection, ResultSet run, int skippedLimit) throws Exception {
    long runId = run.getLong(1);
    Map<String, List<String>> skipped = skippedLimit > 0 ? readSkipped(connection, runId, skippedLimit) : Map.of();
    List<CohortReport> cohorts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT cohort_id, cohort_name, trait_key, status, error, sent_true, sent_false, skipped, failed,"
            + " retried_batches, failures FROM run_cohort WHERE run_id = ? ORDER BY ordinal")) {
      select.setLong(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String cohortId = rows.getString(1);
          cohorts.add(new CohortReport(
              cohortId, rows.getString(2), rows.getString(3), RunStatus.valueOf(rows.getString(4)),
              rows.getString(5), rows.getLong(6), rows.getLong(7), rows.getLong(8),
              skipped.getOrDefault(cohortId, List.of()), rows.getLong(9), rows.getLong(10),
              readFailures(rows.getString(11))));
        }
      }
    }
    return new RunReport(
        runId, run.getString(2), Trigger.valueOf(run.getString(3)), Instant.ofEpochMilli(run.getLong(4)),
        getInstant(run, 5), RunStatus.valueOf(run.getString(6)), run.getString(7), cohorts);
  }

  private static Map<String, List<String>> readSkipped(Connection connection, long runId, int limit)
      throws SQLException {
    Map<String, List<String>> skipped = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT cohort_id, amplitude_id FROM run_skipped WHERE run_id = ? AND ordinal < ?"
            + " ORDER BY cohort_id, ordinal")) {
      select.setLong(1, runId);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          skipped.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
        }
      }
    }
    return skipped;
  }

  private static List<String> readFailures(String json) throws JsonProcessingException {
    List<String> failures = new ArrayList<>();
    for (JsonNode node : DefinitionCodec.MAPPER.readTree(json)) {
      failures.add(node.asText());
    }
    return failures;
  }

  // ---- plumbing

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws Exception;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StoreException("state store " + description + " failed: " + e.getMessage(), e);
    }
  }

  private static long generatedId(PreparedStatement statement) throws SQLException {
    try (ResultSet keys = statement.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no generated id");
      }
      return keys.getLong(1);
    }
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, instant.toEpochMilli());
    }
  }

  private static Instant getInstant(ResultSet rows, int index) throws SQLException {
    long millis = rows.getLong(index);
    return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  @Override
  public void close() {
    if (dropOnClose) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        // An in-memory database holds nothing durable, so a failed shutdown loses nothing.
      }
    }
    dataSource.close();
  }
}
