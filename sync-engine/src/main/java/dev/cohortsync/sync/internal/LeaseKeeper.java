package dev.cohortsync.sync.internal;

import dev.cohortsync.sync.internal.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps a sync's lease while a run goes on: renews it once a third of the lease duration has
 * passed on the engine clock, and fails the run if another engine took the sync over meanwhile.
 */
public final class LeaseKeeper {

  private final StateStore store;
  private final Clock clock;
  private final String syncId;
  private final String owner;
  private final Duration duration;
  private Instant renewedAt;
  private boolean lost;

  public LeaseKeeper(StateStore store, Clock clock, String syncId, String owner, Duration duration) {
    this.store = store;
    this.clock = clock;
    this.syncId = syncId;
    this.owner = owner;
    this.duration = duration;
  }

  /** Claims the lease; returns false if another engine holds it. */
  public synchronized boolean acquire() {
    Instant now = clock.instant();
    if (store.tryLease(syncId, owner, now, now.plus(duration))) {
      renewedAt = now;
      lost = false;
      return true;
    }
    return false;
  }

  /**
   * Renews the lease when due.
   *
   * @throws LeaseLostException if another engine holds the sync now
   */
  public synchronized void heartbeat() {
    if (lost) {
      throw new LeaseLostException(syncId);
    }
    Instant now = clock.instant();
    if (Duration.between(renewedAt, now).compareTo(duration.dividedBy(3)) < 0) {
      return;
    }
    if (!store.tryLease(syncId, owner, now, now.plus(duration))) {
      lost = true;
      throw new LeaseLostException(syncId);
    }
    renewedAt = now;
  }

  public synchronized void release() {
    store.releaseLease(syncId, owner);
  }

  /** Another engine took over the sync after this engine's lease expired. */
  public static final class LeaseLostException extends RuntimeException {
    LeaseLostException(String syncId) {
      super("the lease on sync " + syncId + " expired and another engine took it over; this run stops"
          + " and the other engine resends what was not acknowledged");
    }
  }
}
