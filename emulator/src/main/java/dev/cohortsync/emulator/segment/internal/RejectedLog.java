package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.segment.RejectedMessage;
import dev.cohortsync.emulator.segment.RejectedPage;
import dev.cohortsync.emulator.segment.RejectionReason;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rejected messages and requests, newest last, capped at a maximum with the oldest evicted
 * first. Counters per reason keep counting past the cap.
 */
final class RejectedLog {

  /** Maximum length of a user-supplied string kept in a rejection. */
  static final int MAX_TEXT = 200;

  private final int maxEntries;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private final Map<RejectionReason, Long> byReason = new EnumMap<>(RejectionReason.class);
  private long nextSequence = 1;
  private long total;
  private long evicted;

  RejectedLog(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Records one rejection.
   *
   * @param writeKey the full write key, kept for filtering and shown masked
   * @param message the offending message, or null for a request-level rejection
   */
  synchronized void add(
      Instant receivedAt,
      RejectionReason reason,
      int status,
      String writeKey,
      String route,
      int index,
      String field,
      JsonNode value,
      String detail,
      JsonNode message) {
    RejectedMessage view =
        new RejectedMessage(
            nextSequence++,
            receivedAt,
            reason,
            status,
            WriteKeys.mask(writeKey),
            route,
            index,
            field,
            value == null ? null : truncate(value.isTextual() ? value.asText() : value.toString()),
            detail,
            textField(message, "type"),
            textField(message, "messageId"),
            textField(message, "userId"),
            textField(message, "anonymousId"),
            textField(message, "event"));
    entries.addLast(new Entry(view, writeKey));
    total++;
    byReason.merge(reason, 1L, Long::sum);
    if (entries.size() > maxEntries) {
      entries.removeFirst();
      evicted++;
    }
  }

  synchronized RejectedPage page(EventFilter filter, String reason, long after, int limit) {
    List<RejectedMessage> page = new ArrayList<>();
    long matches = 0;
    long afterCursor = 0;
    for (Entry entry : entries) {
      if (!matches(entry, filter, reason)) {
        continue;
      }
      matches++;
      if (entry.view.sequence() > after) {
        afterCursor++;
        if (page.size() < limit) {
          page.add(entry.view);
        }
      }
    }
    Long nextAfter = afterCursor > limit ? page.get(page.size() - 1).sequence() : null;
    return new RejectedPage(page, matches, nextAfter);
  }

  private static boolean matches(Entry entry, EventFilter filter, String reason) {
    RejectedMessage view = entry.view;
    if (reason != null && !reason.equals(view.reason().code())) {
      return false;
    }
    if (filter.writeKey() != null && !filter.writeKey().equals(entry.writeKey)) {
      return false;
    }
    return filter.matchesFields(
        view.type(),
        view.userId(),
        view.anonymousId(),
        view.messageId(),
        view.event(),
        view.receivedAt().toEpochMilli());
  }

  synchronized long removeWriteKey(String writeKey) {
    long removed = 0;
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      if (writeKey.equals(it.next().writeKey)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  synchronized void clear() {
    entries.clear();
    byReason.clear();
    total = 0;
    evicted = 0;
  }

  synchronized long total() {
    return total;
  }

  synchronized long evicted() {
    return evicted;
  }

  /** Rejections per reason code, in the order of {@link RejectionReason}. */
  synchronized Map<String, Long> countsByReason() {
    Map<String, Long> counts = new LinkedHashMap<>();
    byReason.forEach((reason, count) -> counts.put(reason.code(), count));
    return counts;
  }

  private static String textField(JsonNode message, String field) {
    if (message == null || !message.isObject()) {
      return null;
    }
    JsonNode value = message.get(field);
    return value != null && value.isTextual() ? truncate(value.asText()) : null;
  }

  static String truncate(String text) {
    return text.length() <= MAX_TEXT
        ? text
        : text.substring(0, MAX_TEXT) + "...(" + text.length() + " chars)";
  }

  private record Entry(RejectedMessage view, String writeKey) {}
}
