package dev.cohortsync.sync.internal.store;

import dev.cohortsync.sync.internal.Change;
import java.time.Instant;
import java.util.List;

/**
 * A batch written to the store before it is sent. Its changes, key and creation instant fix the
 * bytes of every identify (the messageIds derive from the changes), so a replay after a crash
 * sends the same messages.
 */
public record PendingBatch(long batchId, CohortKey key, Instant createdAt, List<Change> changes) {

  public PendingBatch {
    changes = List.copyOf(changes);
  }
}
