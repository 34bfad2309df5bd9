package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.StoredEvent;
import java.util.List;

/**
 * Storage of the accepted events, oldest first. Implementations are thread-safe, and an event is
 * visible to every query as soon as {@link #append} returns.
 */
interface EventStore {

  /**
   * Appends the events of one request atomically, in order, evicting the oldest events when the
   * store is over its capacity.
   */
  void append(List<NewEvent> events);

  /** Returns matching events after the cursor, up to {@code limit}, with the total match count. */
  EventPage page(EventFilter filter, long after, int limit);

  /**
   * Returns matching events after the cursor, up to {@code limit}, without counting the rest.
   * {@link Scan#lastSequence()} is where the next scan continues.
   */
  Scan scan(EventFilter filter, long after, int limit);

  long count(EventFilter filter);

  /** Drops the events of one write key; returns how many were dropped. */
  long removeWriteKey(String writeKey);

  /** Drops every event and zeroes the counters; sequence numbers keep increasing. */
  void clear();

  /** Events held now. */
  long size();

  /** Events dropped because the store was full, since the last clear. */
  long evicted();

  /** Events appended since the last clear, evicted or not. */
  long accepted();

  /**
   * Result of a scan.
   *
   * @param events the matching events found, oldest first
   * @param lastSequence the last sequence examined; events after it were not looked at
   */
  record Scan(List<StoredEvent> events, long lastSequence) {}
}
