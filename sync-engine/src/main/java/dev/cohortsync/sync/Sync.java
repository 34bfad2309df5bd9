package dev.cohortsync.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * A sync as the engine stores it: its definition and its schedule.
 *
 * @param nextRunAt when the scheduler runs it next; null when it will not run again on its own
 *     (a one-time sync that ran, or a disabled sync)
 * @param enabled false once the schedule was turned off, for example because a cohort was archived
 * @param disabledReason why the schedule was turned off; null while enabled
 */
public record Sync(
    SyncDefinition definition, Instant createdAt, Instant nextRunAt, boolean enabled, String disabledReason) {

  public Sync {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public String id() {
    return definition.id();
  }
}
