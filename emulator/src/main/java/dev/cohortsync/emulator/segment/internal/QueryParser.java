package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.RejectionReason;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads inspection filters from query parameters and rejects each invalid one with a 400 that names
 * the parameter, the value and the fix. Unknown parameters are rejected too, so a typo such as
 * {@code userid} does not silently match everything.
 */
final class QueryParser {

  /** Filters every event route accepts. */
  static final Set<String> EVENT_FILTERS =
      Set.of(
          "type",
          "userId",
          "anonymousId",
          "writeKey",
          "messageId",
          "event",
          "trait",
          "traitValue",
          "from",
          "to");

  /** Filters the rejected route accepts. */
  static final Set<String> REJECTED_FILTERS =
      Set.of(
          "type",
          "userId",
          "anonymousId",
          "writeKey",
          "messageId",
          "event",
          "reason",
          "from",
          "to");

  static final Set<String> PAGING = Set.of("after", "limit");

  private QueryParser() {}

  /** Parses the filters in {@code filters} and, when allowed, the paging parameters. */
  static EventQuery parse(Context ctx, Set<String> filters, Set<String> extra, boolean paging) {
    Map<String, List<String>> params = ctx.queryParamMap();
    Set<String> allowed = new TreeSet<>(filters);
    allowed.addAll(extra);
    if (paging) {
      allowed.addAll(PAGING);
    }
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      if (!allowed.contains(param.getKey())) {
        throw ApiException.invalid(
            param.getKey(),
            String.join(",", param.getValue()),
            "is not a parameter of this route",
            "use only " + String.join(", ", allowed));
      }
      if (param.getValue().size() > 1) {
        throw ApiException.invalid(
            param.getKey(),
            String.join(",", param.getValue()),
            "is given more than once",
            "pass it once");
      }
    }

    String type = text(ctx, "type");
    if (type != null && !EventQuery.TYPES.contains(type)) {
      throw ApiException.invalid(
          "type",
          type,
          "is not a Segment message type",
          "pass identify, track, page, screen, group or alias");
    }
    String reason = text(ctx, "reason");
    if (reason != null && RejectionReason.fromCode(reason) == null) {
      throw ApiException.invalid(
          "reason", reason, "is not a rejection reason code", "pass one of " + reasonCodes());
    }

    String trait = text(ctx, "trait");
    String traitValue = text(ctx, "traitValue");
    if (traitValue != null && trait == null) {
      throw ApiException.invalid(
          "traitValue",
          traitValue,
          "needs the trait it belongs to",
          "pass trait=<key> as well, for example trait=plan&traitValue=pro");
    }

    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid(
          "to",
          ctx.queryParam("to"),
          "is not after from (" + from + ")",
          "pass a to that is later than from; the range is [from, to)");
    }

    long after = paging ? longParam(ctx, "after", 0, 0, Long.MAX_VALUE) : 0;
    int limit =
        paging
            ? (int) longParam(ctx, "limit", EventQuery.DEFAULT_LIMIT, 1, EventQuery.MAX_LIMIT)
            : EventQuery.DEFAULT_LIMIT;
    return new EventQuery(
        type,
        text(ctx, "userId"),
        text(ctx, "anonymousId"),
        text(ctx, "writeKey"),
        text(ctx, "messageId"),
        text(ctx, "event"),
        trait,
        traitValue,
        reason,
        from,
        to,
        after,
        limit);
  }

  /**
   * Reads an integer parameter.
   *
   * @return {@code fallback} when the parameter is absent
   */
  static long longParam(Context ctx, String name, long fallback, long min, long max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name, raw, "is not a whole number", "pass " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw ApiException.invalid(name, raw, "is out of range", "pass " + min + " to " + max);
    }
    return value;
  }

  /** Reads an ISO-8601 duration such as {@code PT5S}; returns {@code fallback} when absent. */
  static Duration duration(Context ctx, String name, Duration fallback, Duration max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    Duration value;
    try {
      value = Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          name, raw, "is not an ISO-8601 duration", "pass a duration such as PT5S or PT1M");
    }
    if (value.isNegative() || value.compareTo(max) > 0) {
      throw ApiException.invalid(
          name, raw, "is out of range", "pass PT0S to " + max + " (cfg.segment.maxWaitTimeout)");
    }
    return value;
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.isEmpty()) {
      throw ApiException.invalid(
          name, value, "is empty", "pass a value or leave the parameter out");
    }
    return value;
  }

  private static Instant instant(Context ctx, String name) {
    String raw = text(ctx, name);
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          name,
          raw,
          "is not an ISO-8601 date-time with an offset",
          "pass an instant such as 2026-01-05T10:00:00Z (URL-encode a + offset as %2B)");
    }
  }

  private static String reasonCodes() {
    List<String> codes = new ArrayList<>();
    for (RejectionReason reason : RejectionReason.values()) {
      codes.add(reason.code());
    }
    return String.join(", ", codes);
  }
}
