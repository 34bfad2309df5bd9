package dev.cohortsync.emulator.amplitude;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the fake Amplitude.
 *
 * <p>Fields are public and mutable, like {@code EmulatorConfig}, so a configurer lambda can set
 * them; {@link #validate()} checks them once before the fake starts. Limits follow Amplitude's
 * Behavioral Cohorts documentation; settings marked UNCONFIRMED cover behaviour that no public
 * source pins down, and their defaults are our best guess.
 */
public final class AmplitudeSettings {

  /** Line ending of export files. */
  public enum CsvLineEnding {
    /** {@code \r\n}, as RFC 4180 and Python's csv module write it. */
    CRLF,
    /** {@code \n}. */
    LF
  }

  /**
   * Virtual-clock time an export job stays in {@code JOB INPROGRESS}. Real jobs take 30 to 60 s;
   * a shorter default keeps demos quick while still showing the in-progress state.
   */
  public static final Duration DEFAULT_EXPORT_JOB_DURATION = Duration.ofSeconds(2);

  /** Largest member count served inline by {@code /file}; larger files redirect (UNCONFIRMED). */
  public static final int DEFAULT_INLINE_FILE_MAX_MEMBERS = 10_000;

  /** Lifetime of the pre-signed download URL that a 302 points to; Amplitude documents 1 minute. */
  public static final Duration DEFAULT_PRESIGNED_URL_LIFETIME = Duration.ofMinutes(1);

  /** How long the {@code /file} link of a finished export stays usable; Amplitude documents 7 days. */
  public static final Duration DEFAULT_FILE_LINK_LIFETIME = Duration.ofDays(7);

  /** Export requests allowed per app within {@link #DEFAULT_EXPORT_REQUEST_WINDOW}. */
  public static final int DEFAULT_EXPORT_REQUESTS_PER_WINDOW = 60;

  /** Sliding window of the export request rate limit. */
  public static final Duration DEFAULT_EXPORT_REQUEST_WINDOW = Duration.ofMinutes(10);

  /** Export jobs that may be in progress at once per app. */
  public static final int DEFAULT_MAX_RUNNING_EXPORTS_PER_APP = 4;

  /** Vendor REST requests (exports included) that may be in flight at once per project. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PROJECT = 5;

  /** Export requests allowed per calendar month (UTC), the Growth and Enterprise plan cap. */
  public static final int DEFAULT_EXPORT_REQUESTS_PER_MONTH = 500;

  /** Largest cohort that can be exported; larger cohorts are rejected with no job. */
  public static final int DEFAULT_MAX_EXPORT_MEMBERS = 2_000_000;

  /** Most ids accepted by one upload or membership request. */
  public static final int DEFAULT_MAX_IDS_PER_REQUEST = 100_000;

  /** Host names whose requests target the EU data centre; every other host means US. */
  public static final Set<String> DEFAULT_EU_HOST_NAMES =
      Set.of("analytics.eu.amplitude.com", "api.eu.amplitude.com");

  /**
   * Real time a held vendor request waits for a release before it continues anyway, so a test
   * that never releases cannot hang its client forever.
   */
  public static final Duration DEFAULT_MAX_HOLD_WAIT = Duration.ofSeconds(60);

  /** See {@link #DEFAULT_EXPORT_JOB_DURATION}; zero completes jobs when they are requested. */
  public Duration exportJobDuration = DEFAULT_EXPORT_JOB_DURATION;

  /** See {@link #DEFAULT_INLINE_FILE_MAX_MEMBERS}; 0 redirects every download. */
  public int inlineFileMaxMembers = DEFAULT_INLINE_FILE_MAX_MEMBERS;

  /** See {@link #DEFAULT_PRESIGNED_URL_LIFETIME}. */
  public Duration presignedUrlLifetime = DEFAULT_PRESIGNED_URL_LIFETIME;

  /** See {@link #DEFAULT_FILE_LINK_LIFETIME}. */
  public Duration fileLinkLifetime = DEFAULT_FILE_LINK_LIFETIME;

  /** See {@link #DEFAULT_EXPORT_REQUESTS_PER_WINDOW}. */
  public int exportRequestsPerWindow = DEFAULT_EXPORT_REQUESTS_PER_WINDOW;

  /** See {@link #DEFAULT_EXPORT_REQUEST_WINDOW}. */
  public Duration exportRequestWindow = DEFAULT_EXPORT_REQUEST_WINDOW;

  /** See {@link #DEFAULT_MAX_RUNNING_EXPORTS_PER_APP}. */
  public int maxRunningExportsPerApp = DEFAULT_MAX_RUNNING_EXPORTS_PER_APP;

  /** See {@link #DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PROJECT}. */
  public int maxConcurrentRequestsPerProject = DEFAULT_MAX_CONCURRENT_REQUESTS_PER_PROJECT;

  /** See {@link #DEFAULT_EXPORT_REQUESTS_PER_MONTH}. */
  public int exportRequestsPerMonth = DEFAULT_EXPORT_REQUESTS_PER_MONTH;

  /** See {@link #DEFAULT_MAX_EXPORT_MEMBERS}. */
  public int maxExportMembers = DEFAULT_MAX_EXPORT_MEMBERS;

  /** See {@link #DEFAULT_MAX_IDS_PER_REQUEST}. */
  public int maxIdsPerRequest = DEFAULT_MAX_IDS_PER_REQUEST;

  /** See {@link #DEFAULT_EU_HOST_NAMES}; compared without port and case-insensitively. */
  public Set<String> euHostNames = DEFAULT_EU_HOST_NAMES;

  /** Line ending of export files (UNCONFIRMED); CRLF as RFC 4180 specifies. */
  public CsvLineEnding csvLineEnding = CsvLineEnding.CRLF;

  /**
   * Whether {@code GET /api/3/cohorts} lists unpublished cohorts too (UNCONFIRMED). Amplitude
   * documents "discoverable" cohorts; listing all keeps every cohort reachable by the sync engine.
   */
  public boolean listUnpublishedCohorts = true;

  /**
   * Whether {@code /api/3/cohorts/membership} accepts {@code id_type: BY_USER_ID} as an alias of
   * {@code BY_NAME}. Off by default because Segment's client found the real API rejects it.
   */
  public boolean membershipAcceptsByUserId = false;

  /** Seed of generated cohort and request ids; null draws a random seed at start. */
  public Long idSeed = null;

  /** See {@link #DEFAULT_MAX_HOLD_WAIT}. */
  public Duration maxHoldWait = DEFAULT_MAX_HOLD_WAIT;

  /**
   * Checks every setting.
   *
   * @throws IllegalArgumentException naming the first invalid setting, its value and the fix
   */
  public void validate() {
    requireNotNegative("exportJobDuration", exportJobDuration, "PT0S (instant jobs) or more");
    requireAtLeast("inlineFileMaxMembers", inlineFileMaxMembers, 0);
    requirePositive("presignedUrlLifetime", presignedUrlLifetime);
    requirePositive("fileLinkLifetime", fileLinkLifetime);
    requireAtLeast("exportRequestsPerWindow", exportRequestsPerWindow, 1);
    requirePositive("exportRequestWindow", exportRequestWindow);
    requireAtLeast("maxRunningExportsPerApp", maxRunningExportsPerApp, 1);
    requireAtLeast("maxConcurrentRequestsPerProject", maxConcurrentRequestsPerProject, 1);
    requireAtLeast("exportRequestsPerMonth", exportRequestsPerMonth, 1);
    requireAtLeast("maxExportMembers", maxExportMembers, 0);
    requireAtLeast("maxIdsPerRequest", maxIdsPerRequest, 1);
    requirePositive("maxHoldWait", maxHoldWait);
    if (csvLineEnding == null) {
      throw new IllegalArgumentException(
          "amplitude.csvLineEnding is null; set CsvLineEnding.CRLF (the default) or LF");
    }
    if (euHostNames == null) {
      throw new IllegalArgumentException(
          "amplitude.euHostNames is null; set an empty set to treat every host as US");
    }
    for (String host : euHostNames) {
      if (host == null || host.isBlank() || !host.equals(host.toLowerCase(Locale.ROOT))
          || host.contains(":")) {
        throw new IllegalArgumentException(
            "amplitude.euHostNames contains \"" + host + "\"; use lower-case host names without"
                + " a port, such as analytics.eu.amplitude.com");
      }
    }
  }

  private static void requireAtLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(
          "amplitude." + name + " is " + value + "; set it to " + minimum + " or more");
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          "amplitude." + name + " is " + value + "; set a positive duration such as PT1M");
    }
  }

  private static void requireNotNegative(String name, Duration value, String allowed) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(
          "amplitude." + name + " is " + value + "; set " + allowed);
    }
  }
}
