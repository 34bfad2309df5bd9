package dev.cohortsync.emulator.amplitude;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one cohort's metadata.
 *
 * @param size member count, or null if the cohort was never computed
 * @param lastComputed when the members were last set or changed, or null if never
 */
public record CohortInfo(
    String id,
    String name,
    String description,
    List<String> owners,
    boolean published,
    boolean archived,
    Integer size,
    Instant lastComputed,
    Instant createdAt,
    Instant lastMod,
    List<CohortSync> syncs) {

  public CohortInfo {
    owners = List.copyOf(owners);
    syncs = List.copyOf(syncs);
  }
}
