package dev.cohortsync.emulator.segment;

import dev.cohortsync.emulator.segment.internal.WriteKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the fake Segment, reached as {@code cfg.segment.*}.
 *
 * <p>Fields are public and mutable like the rest of {@code EmulatorConfig}; {@link #validate()}
 * checks them once before the fake starts, and the fake keeps its own copy, so changing a field
 * afterwards has no effect on a running instance. Defaults follow Segment's documented HTTP
 * Tracking API; where Segment documents nothing, the default is the most plausible behaviour and
 * the README lists it as unconfirmed.
 */
public final class SegmentSettings {

  /** 32 KiB: the per-call limit, counted with 1 KB = 1024 bytes as analytics-java does. */
  public static final int DEFAULT_MAX_SINGLE_REQUEST_BYTES = 32 * 1024;

  /** 500 KiB = 512,000 bytes: the batch request limit, counted as analytics-java does. */
  public static final int DEFAULT_MAX_BATCH_REQUEST_BYTES = 500 * 1024;

  /** 32 KiB: the limit for each message inside a batch. */
  public static final int DEFAULT_MAX_BATCH_ITEM_BYTES = 32 * 1024;

  /** Segment's documented maximum of messages per batch. */
  public static final int DEFAULT_MAX_BATCH_EVENTS = 2_500;

  /** Segment's documented maximum length of a messageId, in characters. */
  public static final int DEFAULT_MAX_MESSAGE_ID_LENGTH = 100;

  /**
   * 16 MiB: the maximum size a gzip body may inflate to when limits count wire bytes; with decoded
   * limits inflation stops at the route's limit. Either way a gzip bomb cannot exhaust memory.
   */
  public static final long DEFAULT_MAX_INFLATED_BODY_BYTES = 16L * 1024 * 1024;

  /** How long a messageId is remembered for dedupe; Segment keeps at least about 24 hours. */
  public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(24);

  /** Maximum number of messageIds in the dedupe window; past it the oldest are dropped early. */
  public static final int DEFAULT_MAX_DEDUPE_ENTRIES = 2_000_000;

  /** Maximum number of events kept in memory; the oldest are evicted first. */
  public static final int DEFAULT_MAX_STORED_EVENTS = 1_000_000;

  /**
   * Maximum number of rejected messages kept for the rejected route; the oldest are evicted first.
   */
  public static final int DEFAULT_MAX_REJECTED_MESSAGES = 100_000;

  /** Maximum timeout the wait route and {@code awaitEvents} accept. */
  public static final Duration DEFAULT_MAX_WAIT_TIMEOUT = Duration.ofMinutes(5);

  /** Maximum length of a write key accepted when registering a source. */
  public static final int MAX_WRITE_KEY_LENGTH = 200;

  /** Handling of events whose write key is not a registered source. */
  public WriteKeyMode writeKeyMode = WriteKeyMode.DROP;

  /** Write keys registered as sources at start and again after every full reset. */
  public List<String> sourceWriteKeys = new ArrayList<>();

  /**
   * Whether a request without any write key (no Basic auth user, no {@code writeKey} in the body)
   * gets 400, as users report; when false it is treated as an unknown write key.
   */
  public boolean rejectMissingWriteKey = true;

  /**
   * Whether the Basic auth write key wins over a different {@code writeKey} in the body; Segment
   * does not document the precedence.
   */
  public boolean headerWriteKeyWins = true;

  /** The bytes the size limits count for gzip bodies: decoded or on the wire. */
  public SizeLimitBasis sizeLimitBasis = SizeLimitBasis.DECODED;

  /** Limit for the body of a single-event call ({@code /v1/identify}, {@code /v1/t}, ...). */
  public int maxSingleRequestBytes = DEFAULT_MAX_SINGLE_REQUEST_BYTES;

  /** Limit for the body of a batch call ({@code /v1/batch}, {@code /v1/import}, {@code /v1/b}). */
  public int maxBatchRequestBytes = DEFAULT_MAX_BATCH_REQUEST_BYTES;

  /**
   * Limit for each message of a batch, measured as compact UTF-8 JSON; over it the batch gets 400.
   */
  public int maxBatchItemBytes = DEFAULT_MAX_BATCH_ITEM_BYTES;

  /** Maximum number of messages per batch. */
  public int maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS;

  /** Handling of a batch over {@link #maxBatchEvents}: drop all or only the excess. */
  public BatchOverflow batchOverflow = BatchOverflow.DROP_ALL;

  /** Maximum messageId length; longer ones are dropped with {@code message_id_too_long}. */
  public int maxMessageIdLength = DEFAULT_MAX_MESSAGE_ID_LENGTH;

  /** Maximum bytes a gzip body may inflate to when {@link #sizeLimitBasis} is WIRE. */
  public long maxInflatedBodyBytes = DEFAULT_MAX_INFLATED_BODY_BYTES;

  /**
   * Whether an invalid message fails the whole request with 400 and stores nothing, instead of
   * Segment's 200-and-drop. For tests that want to fail fast.
   */
  public boolean strictValidation = false;

  /** Whether {@code timestamp} is corrected by {@code receivedAt - (sentAt - timestamp)}. */
  public boolean clockSkewCorrection = true;

  /** How long a messageId is remembered on the emulator clock; zero turns dedupe off. */
  public Duration dedupeWindow = DEFAULT_DEDUPE_WINDOW;

  /** Maximum number of messageIds the dedupe window remembers. */
  public int maxDedupeEntries = DEFAULT_MAX_DEDUPE_ENTRIES;

  /** Requests per second allowed per write key on the emulator clock; zero turns limiting off. */
  public double rateLimitRequestsPerSecond = 0;

  /** Requests a write key may send at once before the per-second rate applies. */
  public int rateLimitBurst = 1;

  /** Maximum number of events kept; the oldest are evicted first and counted. */
  public int maxStoredEvents = DEFAULT_MAX_STORED_EVENTS;

  /** Maximum number of rejected messages kept; the oldest are evicted first and counted. */
  public int maxRejectedMessages = DEFAULT_MAX_REJECTED_MESSAGES;

  /** Whether stored events are deflated with a preset dictionary of Segment field names. */
  public boolean compressStoredEvents = true;

  /** Maximum timeout the wait route and {@code awaitEvents} accept. */
  public Duration maxWaitTimeout = DEFAULT_MAX_WAIT_TIMEOUT;

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first invalid field, its value and the fix
   */
  public void validate() {
    require(writeKeyMode != null, "segment.writeKeyMode", null, "set DROP, REJECT or ACCEPT");
    require(sizeLimitBasis != null, "segment.sizeLimitBasis", null, "set DECODED or WIRE");
    require(batchOverflow != null, "segment.batchOverflow", null, "set DROP_ALL or DROP_EXCESS");
    require(sourceWriteKeys != null, "segment.sourceWriteKeys", null, "set an empty list");
    for (String key : sourceWriteKeys) {
      String problem = writeKeyProblem(key);
      require(problem == null, "segment.sourceWriteKeys", WriteKeys.mask(key), problem);
    }

    positive(maxSingleRequestBytes, "segment.maxSingleRequestBytes");
    positive(maxBatchRequestBytes, "segment.maxBatchRequestBytes");
    positive(maxBatchItemBytes, "segment.maxBatchItemBytes");
    positive(maxBatchEvents, "segment.maxBatchEvents");
    positive(maxMessageIdLength, "segment.maxMessageIdLength");
    require(
        maxInflatedBodyBytes >= maxBatchRequestBytes
            && maxInflatedBodyBytes <= Integer.MAX_VALUE - 8,
        "segment.maxInflatedBodyBytes",
        maxInflatedBodyBytes,
        "set at least maxBatchRequestBytes (" + maxBatchRequestBytes + ") and below 2 GiB");

    require(
        dedupeWindow != null && !dedupeWindow.isNegative(),
        "segment.dedupeWindow",
        dedupeWindow,
        "set PT0S (off) or a positive duration such as PT24H");
    positive(maxDedupeEntries, "segment.maxDedupeEntries");
    require(
        Double.isFinite(rateLimitRequestsPerSecond) && rateLimitRequestsPerSecond >= 0,
        "segment.rateLimitRequestsPerSecond",
        rateLimitRequestsPerSecond,
        "set 0 (off) or a positive number of requests per second");
    positive(rateLimitBurst, "segment.rateLimitBurst");

    positive(maxStoredEvents, "segment.maxStoredEvents");
    positive(maxRejectedMessages, "segment.maxRejectedMessages");
    require(
        maxWaitTimeout != null && !maxWaitTimeout.isNegative() && !maxWaitTimeout.isZero(),
        "segment.maxWaitTimeout",
        maxWaitTimeout,
        "set a positive duration such as PT5M");
  }

  /** Returns an independent copy, so later changes to this object do not reach a running fake. */
  public SegmentSettings copy() {
    SegmentSettings copy = new SegmentSettings();
    copy.writeKeyMode = writeKeyMode;
    copy.sourceWriteKeys = new ArrayList<>(sourceWriteKeys);
    copy.rejectMissingWriteKey = rejectMissingWriteKey;
    copy.headerWriteKeyWins = headerWriteKeyWins;
    copy.sizeLimitBasis = sizeLimitBasis;
    copy.maxSingleRequestBytes = maxSingleRequestBytes;
    copy.maxBatchRequestBytes = maxBatchRequestBytes;
    copy.maxBatchItemBytes = maxBatchItemBytes;
    copy.maxBatchEvents = maxBatchEvents;
    copy.batchOverflow = batchOverflow;
    copy.maxMessageIdLength = maxMessageIdLength;
    copy.maxInflatedBodyBytes = maxInflatedBodyBytes;
    copy.strictValidation = strictValidation;
    copy.clockSkewCorrection = clockSkewCorrection;
    copy.dedupeWindow = dedupeWindow;
    copy.maxDedupeEntries = maxDedupeEntries;
    copy.rateLimitRequestsPerSecond = rateLimitRequestsPerSecond;
    copy.rateLimitBurst = rateLimitBurst;
    copy.maxStoredEvents = maxStoredEvents;
    copy.maxRejectedMessages = maxRejectedMessages;
    copy.compressStoredEvents = compressStoredEvents;
    copy.maxWaitTimeout = maxWaitTimeout;
    return copy;
  }

  /**
   * Describes what is wrong with a write key offered for registration, or returns null when it is
   * acceptable: not empty, at most {@value #MAX_WRITE_KEY_LENGTH} characters, no whitespace or
   * control characters (it travels in a Basic auth header).
   */
  public static String writeKeyProblem(String writeKey) {
    if (writeKey == null || writeKey.isEmpty()) {
      return "a write key must not be empty; pass the key your client sends, for example a"
          + " 32-character string";
    }
    if (writeKey.length() > MAX_WRITE_KEY_LENGTH) {
      return "a write key must be at most " + MAX_WRITE_KEY_LENGTH + " characters long";
    }
    for (int i = 0; i < writeKey.length(); i++) {
      char c = writeKey.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return "a write key must not contain whitespace or control characters";
      }
    }
    return null;
  }

  private static void positive(long value, String field) {
    require(value > 0, field, value, "set a positive number");
  }

  private static void require(boolean ok, String field, Object value, String fix) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + field + " (" + value + "): " + fix);
    }
  }
}
