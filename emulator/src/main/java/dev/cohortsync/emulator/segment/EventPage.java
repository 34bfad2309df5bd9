package dev.cohortsync.emulator.segment;

import java.util.List;

/**
 * One page of stored events.
 *
 * @param events the matching events after the query's cursor, oldest first
 * @param total how many stored events match the filters, ignoring the cursor and the limit
 * @param nextAfter cursor for the next page (pass it as {@code after}), or null on the last page
 */
public record EventPage(List<StoredEvent> events, long total, Long nextAfter) {

  public EventPage {
    events = List.copyOf(events);
  }
}
