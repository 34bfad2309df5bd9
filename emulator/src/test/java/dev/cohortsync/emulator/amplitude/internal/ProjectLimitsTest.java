package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectLimitsTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final AmplitudeSettings settings = new AmplitudeSettings();

  @Nested
  class ExportWindow {

    @Test
    void allowsTheLastRequestOfTheWindow() {
      settings.exportRequestsPerWindow = 3;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(START);
      limits.recordExport(START);

      assertThat(limits.checkExport(START, 0, null)).isNull();
    }

    @Test
    void rejectsOneMoreThanTheWindowAllows() {
      settings.exportRequestsPerWindow = 2;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(START);
      limits.recordExport(START.plusSeconds(60));

      LimitViolation violation = limits.checkExport(START.plusSeconds(120), 0, null);

      assertThat(violation.limit()).isEqualTo("export_requests_per_window");
      assertThat(violation.retryAfterSeconds()).isEqualTo(480);
    }

    @Test
    void slidesOnceTheOldestRequestLeavesTheWindow() {
      settings.exportRequestsPerWindow = 1;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(START);

      assertThat(limits.checkExport(START.plus(Duration.ofMinutes(10)), 0, null)).isNull();
    }
  }

  @Nested
  class MonthlyQuota {

    @Test
    void rejectsOnceTheMonthIsUsedUp() {
      settings.exportRequestsPerMonth = 2;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(START);
      limits.recordExport(START.plus(Duration.ofDays(1)));

      LimitViolation violation = limits.checkExport(START.plus(Duration.ofDays(2)), 0, null);

      assertThat(violation.limit()).isEqualTo("export_requests_per_month");
      assertThat(violation.details()).containsEntry("resets_at", "2026-04-01T00:00:00Z");
    }

    @Test
    void resetsAtTheStartOfTheNextUtcMonth() {
      settings.exportRequestsPerMonth = 1;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(Instant.parse("2026-03-31T23:59:59Z"));

      assertThat(limits.checkExport(Instant.parse("2026-03-31T23:59:59Z"), 0, null)).isNotNull();
      assertThat(limits.checkExport(Instant.parse("2026-04-01T00:00:00Z"), 0, null)).isNull();
    }

    @Test
    void reportsUsageOfTheCurrentMonth() {
      ProjectLimits limits = new ProjectLimits(settings);
      limits.recordExport(START);

      ProjectLimits.Usage usage = limits.usage(START);

      assertThat(usage.used()).isEqualTo(1);
      assertThat(usage.limit()).isEqualTo(500);
      assertThat(usage.month()).isEqualTo(YearMonth.of(2026, 3));
    }
  }

  @Nested
  class RunningJobs {

    @Test
    void rejectsWhenAllParallelSlotsRun() {
      ProjectLimits limits = new ProjectLimits(settings);

      LimitViolation violation = limits.checkExport(START, 4, START.plusSeconds(2));

      assertThat(violation.limit()).isEqualTo("running_exports_per_app");
      assertThat(violation.retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void allowsWhenOneSlotIsFree() {
      ProjectLimits limits = new ProjectLimits(settings);

      assertThat(limits.checkExport(START, 3, START.plusSeconds(2))).isNull();
    }
  }

  @Nested
  class RequestsInFlight {

    @Test
    void grantsUpToTheConcurrencyLimit() {
      ProjectLimits limits = new ProjectLimits(settings);
      for (int i = 0; i < 5; i++) {
        assertThat(limits.tryEnterRequest()).as("request %d", i + 1).isTrue();
      }

      assertThat(limits.tryEnterRequest()).isFalse();
    }

    @Test
    void freesASlotOnExit() {
      settings.maxConcurrentRequestsPerProject = 1;
      ProjectLimits limits = new ProjectLimits(settings);
      limits.tryEnterRequest();

      limits.exitRequest();

      assertThat(limits.tryEnterRequest()).isTrue();
    }
  }
}
