package dev.cohortsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link SyncEngine}. Build with {@link #builder()}; every setting has a named
 * default, and {@link Builder#build()} rejects invalid values with a message naming the fix.
 *
 * @param clock source of every instant: schedules, timestamps, leases, Retry-After dates
 * @param sleeper waits between retries and export polls
 * @param store where state and history live
 * @param usersPerBatch maximum identifies in one {@code /v1/batch} request
 * @param maxBatchBytes maximum UTF-8 bytes of one {@code /v1/batch} request body
 * @param maxMessageBytes maximum UTF-8 bytes of one identify; larger ones are failed, not sent
 * @param maxBatchesInFlight batches sent to Segment at once per cohort
 * @param maxRetries retries of one request after its first attempt
 * @param initialBackoff wait before the first retry when the answer has no Retry-After; doubles per retry
 * @param maxRetryAfter cap on a Retry-After the server asks for
 * @param connectTimeout TCP connect timeout of every HTTP request
 * @param requestTimeout time allowed for a whole response of a Segment request or an Amplitude call
 * @param pollInterval wait between two export status polls
 * @param exportTimeout how long an export may stay in progress (counted as polls times the interval)
 * @param skippedListLimit skipped Amplitude ids a report lists per cohort; the store keeps all
 * @param leaseDuration how long a sync stays claimed by this engine without a renewal; another
 *     engine on the same PostgreSQL store takes it over after that
 * @param maxUsersEveryMinute largest cohort an {@link Cadence#EVERY_MINUTE} sync accepts; 0 = no limit
 * @param maxUsersHourly largest cohort an {@link Cadence#HOURLY} sync accepts; 0 = no limit
 * @param ownerId name of this engine in leases and run rows
 * @param listener progress callbacks
 */
public record EngineConfig(
    Clock clock,
    Sleeper sleeper,
    StoreConfig store,
    int usersPerBatch,
    int maxBatchBytes,
    int maxMessageBytes,
    int maxBatchesInFlight,
    int maxRetries,
    Duration initialBackoff,
    Duration maxRetryAfter,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration pollInterval,
    Duration exportTimeout,
    int skippedListLimit,
    Duration leaseDuration,
    long maxUsersEveryMinute,
    long maxUsersHourly,
    String ownerId,
    RunListener listener) {

  /** Amplitude's partner guide: 1,000 users per request by default. */
  public static final int DEFAULT_USERS_PER_BATCH = 1_000;
  /** Segment's batch limit of 500 KB, counted as 500 × 1024 bytes like analytics-java does. */
  public static final int DEFAULT_MAX_BATCH_BYTES = 512_000;
  /** Segment's per-message limit of 32 KB, counted as 32 × 1024 bytes. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 32_768;
  /** Amplitude's partner guide: 4 requests in parallel. */
  public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 4;
  /** Amplitude's partner guide: 8 retries, backoff from 1 s to over 2 minutes. */
  public static final int DEFAULT_MAX_RETRIES = 8;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  /** analytics-java caps Retry-After at 300 s; so do we. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** Amplitude's own cohort client polls the export status once a second. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_SKIPPED_LIST_LIMIT = 1_000;
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(5);
  /** Amplitude documents real-time syncs for cohorts of at most 1,000,000 users. */
  public static final long DEFAULT_MAX_USERS_EVERY_MINUTE = 1_000_000;
  /** Amplitude's 2024 documentation caps hourly syncs at 1,000,000 users. */
  public static final long DEFAULT_MAX_USERS_HOURLY = 1_000_000;

  public EngineConfig {
    Objects.requireNonNull(clock, "clock must not be null; pass Clock.systemUTC()");
    Objects.requireNonNull(sleeper, "sleeper must not be null; pass Sleeper.system()");
    Objects.requireNonNull(store, "store must not be null; pass StoreConfig.embedded(dir)");
    Objects.requireNonNull(listener, "listener must not be null; pass RunListener.NONE");
    requireRange("usersPerBatch", usersPerBatch, 1, 100_000);
    requireRange("maxMessageBytes", maxMessageBytes, 512, 10_000_000);
    requireRange("maxBatchBytes", maxBatchBytes, maxMessageBytes + 64, 100_000_000);
    requireRange("maxBatchesInFlight", maxBatchesInFlight, 1, 64);
    requireRange("maxRetries", maxRetries, 0, 100);
    requireRange("skippedListLimit", skippedListLimit, 0, 1_000_000);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxRetryAfter", maxRetryAfter);
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("requestTimeout", requestTimeout);
    requirePositive("pollInterval", pollInterval);
    requirePositive("exportTimeout", exportTimeout);
    requirePositive("leaseDuration", leaseDuration);
    if (maxUsersEveryMinute < 0 || maxUsersHourly < 0) {
      throw new IllegalArgumentException(
          "maxUsersEveryMinute (" + maxUsersEveryMinute + ") and maxUsersHourly (" + maxUsersHourly
              + ") must be 0 (no limit) or positive");
    }
    if (ownerId == null || ownerId.isBlank() || ownerId.length() > 100) {
      throw new IllegalArgumentException("ownerId \"" + ownerId + "\" is invalid; pass 1 to 100 characters");
    }
  }

  /** Starts from the defaults: system clock, real sleeping, embedded store in the default directory. */
  public static Builder builder() {
    return new Builder();
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " is " + value + "; pass a value from " + min + " to " + max);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " is " + value + "; pass a positive duration such as PT1S");
    }
  }

  /** Fills in an {@link EngineConfig}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private StoreConfig store = StoreConfig.embedded(StoreConfig.DEFAULT_STATE_DIRECTORY);
    private int usersPerBatch = DEFAULT_USERS_PER_BATCH;
    private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxBatchesInFlight = DEFAULT_MAX_BATCHES_IN_FLIGHT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration exportTimeout = DEFAULT_EXPORT_TIMEOUT;
    private int skippedListLimit = DEFAULT_SKIPPED_LIST_LIMIT;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private long maxUsersEveryMinute = DEFAULT_MAX_USERS_EVERY_MINUTE;
    private long maxUsersHourly = DEFAULT_MAX_USERS_HOURLY;
    private String ownerId = "engine-" + UUID.randomUUID();
    private RunListener listener = RunListener.NONE;

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    public Builder store(StoreConfig store) {
      this.store = store;
      return this;
    }

    public Builder usersPerBatch(int usersPerBatch) {
      this.usersPerBatch = usersPerBatch;
      return this;
    }

    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    public Builder maxBatchesInFlight(int maxBatchesInFlight) {
      this.maxBatchesInFlight = maxBatchesInFlight;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder exportTimeout(Duration exportTimeout) {
      this.exportTimeout = exportTimeout;
      return this;
    }

    public Builder skippedListLimit(int skippedListLimit) {
      this.skippedListLimit = skippedListLimit;
      return this;
    }

    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
      return this;
    }

    public Builder maxUsersEveryMinute(long maxUsersEveryMinute) {
      this.maxUsersEveryMinute = maxUsersEveryMinute;
      return this;
    }

    public Builder maxUsersHourly(long maxUsersHourly) {
      this.maxUsersHourly = maxUsersHourly;
      return this;
    }

    public Builder ownerId(String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    public Builder listener(RunListener listener) {
      this.listener = listener;
      return this;
    }

    public EngineConfig build() {
      return new EngineConfig(
          clock, sleeper, store, usersPerBatch, maxBatchBytes, maxMessageBytes, maxBatchesInFlight,
          maxRetries, initialBackoff, maxRetryAfter, connectTimeout, requestTimeout, pollInterval,
          exportTimeout, skippedListLimit, leaseDuration, maxUsersEveryMinute, maxUsersHourly,
          ownerId, listener);
    }
  }
}
