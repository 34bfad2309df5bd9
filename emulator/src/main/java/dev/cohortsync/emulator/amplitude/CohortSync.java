package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.amplitude.internal.Checks;
import java.time.Instant;
import java.util.Map;

/**
 * A destination sync configured on a cohort, as {@code GET /api/3/cohorts?includeSyncInfo=true}
 * reports it in {@code syncMetadata}. One-time and disabled syncs are stored but left out of that
 * list, as Amplitude documents.
 *
 * @param target destination name, for example {@code segment} or {@code braze}
 * @param frequency how often the sync runs
 * @param enabled whether the sync is switched on
 * @param lastSuccessful end of the last successful run, or null
 * @param lastFailure end of the last failed run, or null
 * @param params destination-level parameters; null means none
 * @throws IllegalArgumentException naming the invalid field, its value and the fix
 */
public record CohortSync(
    String target,
    Frequency frequency,
    boolean enabled,
    Instant lastSuccessful,
    Instant lastFailure,
    Map<String, String> params) {

  /** Sync cadence; {@link #wireName()} is the value used in JSON. */
  public enum Frequency {
    ONE_TIME("one-time"),
    MINUTE("minute"),
    HOURLY("hourly"),
    DAILY("daily");

    private final String wireName;

    Frequency(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public CohortSync {
    Checks.name("target", target);
    Checks.present("frequency", frequency, "send one-time, minute, hourly or daily");
    params = Checks.properties("params", params);
  }
}
