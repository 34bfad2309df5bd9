package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Amplitude's per-project limits on the virtual clock: the monthly export quota, the export rate
 * window and the cap on requests in flight. The cap on running export jobs is checked here too,
 * with the job count supplied by the caller.
 */
final class ProjectLimits {

  /** Export usage of the current month. */
  record Usage(int limit, int used, YearMonth month, Instant resetsAt) {}

  private final AmplitudeSettings settings;
  private final ArrayDeque<Instant> recentExports = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private YearMonth month;
  private int exportsThisMonth;

  ProjectLimits(AmplitudeSettings settings) {
    this.settings = settings;
  }

  /**
   * Returns why a new export must be refused now, or null if it may start.
   *
   * @param runningJobs export jobs of the project still in progress at {@code now}
   * @param firstCompletion when the earliest of those jobs completes (ignored when there are none)
   */
  synchronized LimitViolation checkExport(Instant now, int runningJobs, Instant firstCompletion) {
    Usage usage = usage(now);
    if (usage.used() >= usage.limit()) {
      return new LimitViolation(
          "export_requests_per_month",
          "Monthly cohort download limit of " + usage.limit() + " requests reached for "
              + usage.month() + " (UTC); it resets at " + usage.resetsAt(),
          Duration.between(now, usage.resetsAt()).toSeconds(),
          Map.of("max", usage.limit(), "used", usage.used(), "resets_at", usage.resetsAt().toString()));
    }
    dropExpired(now);
    if (recentExports.size() >= settings.exportRequestsPerWindow) {
      Instant freed = recentExports.peekFirst().plus(settings.exportRequestWindow);
      return new LimitViolation(
          "export_requests_per_window",
          "Too many cohort download requests: the limit is " + settings.exportRequestsPerWindow
              + " per " + describe(settings.exportRequestWindow) + " per app; retry after " + freed,
          ceilSeconds(Duration.between(now, freed)),
          Map.of(
              "max", settings.exportRequestsPerWindow,
              "window_seconds", settings.exportRequestWindow.toSeconds()));
    }
    if (runningJobs >= settings.maxRunningExportsPerApp) {
      return new LimitViolation(
          "running_exports_per_app",
          "Too many cohort downloads in progress: at most " + settings.maxRunningExportsPerApp
              + " may run in parallel per app; retry after " + firstCompletion,
          ceilSeconds(Duration.between(now, firstCompletion)),
          Map.of("max", settings.maxRunningExportsPerApp, "running", runningJobs));
    }
    return null;
  }

  /** Counts an accepted export against the window and the monthly quota. */
  synchronized void recordExport(Instant now) {
    usage(now);
    recentExports.addLast(now);
    exportsThisMonth++;
  }

  synchronized Usage usage(Instant now) {
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    if (!current.equals(month)) {
      month = current;
      exportsThisMonth = 0;
    }
    Instant resetsAt = current.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    return new Usage(settings.exportRequestsPerMonth, exportsThisMonth, current, resetsAt);
  }

  /** Takes a slot for a request in flight; false if all slots are taken. */
  boolean tryEnterRequest() {
    while (true) {
      int current = inFlight.get();
      if (current >= settings.maxConcurrentRequestsPerProject) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void exitRequest() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  LimitViolation concurrencyViolation() {
    return new LimitViolation(
        "concurrent_requests_per_project",
        "Too many concurrent requests: at most " + settings.maxConcurrentRequestsPerProject
            + " cohort download and Dashboard REST requests may be in flight per project",
        1,
        Map.of("max", settings.maxConcurrentRequestsPerProject));
  }

  private void dropExpired(Instant now) {
    Instant horizon = now.minus(settings.exportRequestWindow);
    while (!recentExports.isEmpty() && !recentExports.peekFirst().isAfter(horizon)) {
      recentExports.removeFirst();
    }
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.toSeconds();
    return duration.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
  }

  private static String describe(Duration window) {
    long seconds = window.toSeconds();
    return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
  }
}
