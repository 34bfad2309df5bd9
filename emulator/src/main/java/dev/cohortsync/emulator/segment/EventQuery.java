package dev.cohortsync.emulator.segment;

import java.time.Instant;
import java.util.Set;

/**
 * Filters and paging for the stored events and the rejected messages of the fake Segment.
 *
 * <p>Null filters match everything; set filters must all match. Start from {@link #all()} and
 * narrow it with the {@code with...} methods:
 *
 * <pre>{@code
 * segment.events(EventQuery.all().withType("identify").withUserId("u1"));
 * }</pre>
 *
 * @param type message type: identify, track, page, screen, group or alias
 * @param userId exact {@code userId}
 * @param anonymousId exact {@code anonymousId}
 * @param writeKey exact write key the message was sent with
 * @param messageId exact {@code messageId}
 * @param event exact {@code event} name of a track call
 * @param trait key that must be present in the message's top-level {@code traits}
 * @param traitValue value the {@code trait} must have, compared as text ({@code true}, {@code 42},
 *     {@code gold}); needs {@code trait}
 * @param reason rejection reason code; applies to rejected messages only
 * @param from earliest {@code receivedAt}, inclusive
 * @param to latest {@code receivedAt}, exclusive
 * @param after cursor: only entries whose sequence number is greater; 0 starts at the beginning
 * @param limit most entries returned, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(
    String type,
    String userId,
    String anonymousId,
    String writeKey,
    String messageId,
    String event,
    String trait,
    String traitValue,
    String reason,
    Instant from,
    Instant to,
    long after,
    int limit) {

  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest page size. */
  public static final int MAX_LIMIT = 1_000;

  /** The six Segment message types. */
  public static final Set<String> TYPES =
      Set.of("identify", "track", "page", "screen", "group", "alias");

  /**
   * Checks the combination.
   *
   * @throws IllegalArgumentException naming the invalid field, its value and the fix
   */
  public EventQuery {
    if (type != null && !TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "invalid type (" + type + "): pass one of identify, track, page, screen, group, alias");
    }
    if (traitValue != null && trait == null) {
      throw new IllegalArgumentException(
          "invalid traitValue (" + traitValue + "): it needs trait; pass the trait key as well");
    }
    if (reason != null && RejectionReason.fromCode(reason) == null) {
      throw new IllegalArgumentException(
          "invalid reason ("
              + reason
              + "): pass a code listed by RejectionReason, such as"
              + " no_user_anon_id");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "invalid to (" + to + "): it must be after from (" + from + ")");
    }
    if (after < 0) {
      throw new IllegalArgumentException("invalid after (" + after + "): pass 0 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("invalid limit (" + limit + "): pass 1 to " + MAX_LIMIT);
    }
  }

  /** Returns a query matching everything, first page of {@value #DEFAULT_LIMIT}. */
  public static EventQuery all() {
    return new EventQuery(
        null, null, null, null, null, null, null, null, null, null, null, 0, DEFAULT_LIMIT);
  }

  public EventQuery withType(String type) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withUserId(String userId) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withAnonymousId(String anonymousId) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withWriteKey(String writeKey) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withMessageId(String messageId) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withEvent(String event) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  /** Matches messages whose top-level traits contain {@code trait}, with any value. */
  public EventQuery withTrait(String trait) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        null,
        reason,
        from,
        to,
        after,
        limit);
  }

  /** Matches messages whose trait {@code trait} has {@code value}, compared as text. */
  public EventQuery withTrait(String trait, String value) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        value,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withReason(String reason) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  /** Restricts {@code receivedAt} to {@code [from, to)}; either bound may be null. */
  public EventQuery withReceivedBetween(Instant from, Instant to) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withAfter(long after) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  public EventQuery withLimit(int limit) {
    return new EventQuery(
        type,
        userId,
        anonymousId,
        writeKey,
        messageId,
        event,
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }
}
