package dev.cohortsync.emulator.syncapi;

import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.TraitKeyTemplate;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the sync engine that {@code serve} runs behind {@code /_emulator/syncs}. Fields are
 * public and mutable so they can be set in the {@code Emulator.create} lambda; {@link #validate()}
 * checks them when the emulator is created.
 */
public final class SyncSettings {

  /** Default directory of the embedded store, relative to the working directory. */
  public static final Path DEFAULT_STATE_DIRECTORY = StoreConfig.DEFAULT_STATE_DIRECTORY;
  /** Default wait between two scheduler ticks on real time. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);
  /** Most runs {@code GET /_emulator/syncs/{id}/runs} returns when no limit is given. */
  public static final int DEFAULT_RUNS_LISTED = 100;

  /** Whether {@code serve} runs the sync engine and mounts {@code /_emulator/syncs}. */
  public boolean enabled = true;

  /**
   * Directory of the embedded H2 store, which survives restarts. Null keeps state in memory only.
   * The directory is not used when {@link #postgresUrl} is set.
   */
  public Path stateDirectory = DEFAULT_STATE_DIRECTORY;

  /** JDBC URL of a PostgreSQL store (user and password as URL parameters); null for the embedded store. */
  public String postgresUrl;

  /** Identifies per {@code /v1/batch} request. */
  public int usersPerBatch = EngineConfig.DEFAULT_USERS_PER_BATCH;

  /** Batches sent at once per cohort. */
  public int maxBatchesInFlight = EngineConfig.DEFAULT_MAX_BATCHES_IN_FLIGHT;

  /** Retries of a failed request after the first attempt. */
  public int maxRetries = EngineConfig.DEFAULT_MAX_RETRIES;

  /** Wait before the first retry without Retry-After; it doubles per retry. */
  public Duration initialBackoff = EngineConfig.DEFAULT_INITIAL_BACKOFF;

  /** Wait between two export status polls. */
  public Duration pollInterval = EngineConfig.DEFAULT_POLL_INTERVAL;

  /** Wait between scheduler ticks on real time; zero turns the periodic ticker off (clock moves still tick). */
  public Duration tickInterval = DEFAULT_TICK_INTERVAL;

  /** Skipped Amplitude ids a run lists per cohort; the store keeps all of them. */
  public int skippedListLimit = EngineConfig.DEFAULT_SKIPPED_LIST_LIMIT;

  /** Trait key template of syncs created without one. */
  public String traitKeyTemplate = TraitKeyTemplate.DEFAULT.pattern();

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the field, its value and the fix
   */
  public void validate() {
    if (postgresUrl != null && !postgresUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("sync.postgresUrl \"" + StoreConfig.Postgres.maskUrl(postgresUrl)
          + "\" is not a PostgreSQL JDBC URL; pass jdbc:postgresql://host:5432/db?user=...&password=..., or null");
    }
    requireRange("usersPerBatch", usersPerBatch, 1, 100_000);
    requireRange("maxBatchesInFlight", maxBatchesInFlight, 1, 64);
    requireRange("maxRetries", maxRetries, 0, 100);
    requireRange("skippedListLimit", skippedListLimit, 0, 1_000_000);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("pollInterval", pollInterval);
    if (tickInterval == null || tickInterval.isNegative()) {
      throw new IllegalArgumentException(
          "sync.tickInterval " + tickInterval + " is invalid; pass a positive duration, or PT0S to turn the ticker off");
    }
    try {
      new TraitKeyTemplate(traitKeyTemplate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sync.traitKeyTemplate: " + e.getMessage(), e);
    }
  }

  /** Returns the store these settings select. */
  StoreConfig store() {
    if (postgresUrl != null) {
      return StoreConfig.postgres(postgresUrl);
    }
    if (stateDirectory == null) {
      return StoreConfig.inMemory("emulator_" + Long.toHexString(System.nanoTime()));
    }
    return StoreConfig.embedded(stateDirectory);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("sync." + name + " is " + value + "; pass a value from " + min + " to " + max);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("sync." + name + " is " + value + "; pass a positive duration such as PT1S");
    }
  }
}
