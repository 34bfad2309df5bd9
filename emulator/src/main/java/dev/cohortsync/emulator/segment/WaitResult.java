package dev.cohortsync.emulator.segment;

import java.util.List;

/**
 * Outcome of waiting for events.
 *
 * @param timedOut true when the timeout passed before enough matching events were stored
 * @param requested how many matching events the caller waited for
 * @param events the matching events seen, oldest first; {@code requested} of them when the wait
 *     succeeded, fewer on timeout
 */
public record WaitResult(boolean timedOut, int requested, List<StoredEvent> events) {

  public WaitResult {
    events = List.copyOf(events);
  }
}
