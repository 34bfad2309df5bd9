package dev.cohortsync.emulator.segment;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/** QuickTheories generators for the emulator module's properties. */
public final class Generators {

  private Generators() {}

  /**
   * One kind of batch message: how to write it around a unique marker, and the reason Segment drops
   * it (null when it is valid). The marker travels in messageId so both stored and rejected
   * messages can be matched to the message that was sent.
   */
  public enum MessageKind {
    IDENTIFY(null, m -> "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    ANONYMOUS_TRACK(
        null,
        m ->
            "{\"type\":\"track\",\"anonymousId\":\"a\",\"event\":\"E\",\"messageId\":\""
                + m
                + "\"}"),
    PAGE(
        null,
        m -> "{\"type\":\"page\",\"userId\":\"u\",\"name\":\"Home\",\"messageId\":\"" + m + "\"}"),
    SCREEN(null, m -> "{\"type\":\"screen\",\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    GROUP(
        null,
        m -> "{\"type\":\"group\",\"userId\":\"u\",\"groupId\":\"g\",\"messageId\":\"" + m + "\"}"),
    ALIAS(
        null,
        m ->
            "{\"type\":\"alias\",\"userId\":\"u\",\"previousId\":\"p\",\"messageId\":\""
                + m
                + "\"}"),
    NO_IDS(
        RejectionReason.NO_USER_ANON_ID,
        m -> "{\"type\":\"identify\",\"messageId\":\"" + m + "\"}"),
    NUMERIC_USER_ID(
        RejectionReason.ID_NOT_STRING,
        m -> "{\"type\":\"identify\",\"userId\":7,\"messageId\":\"" + m + "\"}"),
    TRAITS_STRING(
        RejectionReason.TRAITS_NOT_OBJECT,
        m ->
            "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":\"t\",\"messageId\":\""
                + m
                + "\"}"),
    TRACK_NO_EVENT(
        RejectionReason.EVENT_NOT_DEFINED,
        m -> "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    TRACK_NUMERIC_EVENT(
        RejectionReason.EVENT_NOT_STRING,
        m -> "{\"type\":\"track\",\"userId\":\"u\",\"event\":1,\"messageId\":\"" + m + "\"}"),
    PROPERTIES_ARRAY(
        RejectionReason.PROPERTIES_NOT_OBJECT,
        m ->
            "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":[],\"messageId\":\""
                + m
                + "\"}"),
    NAME_NUMBER(
        RejectionReason.NAME_NOT_STRING,
        m -> "{\"type\":\"page\",\"userId\":\"u\",\"name\":3,\"messageId\":\"" + m + "\"}"),
    NO_TYPE(
        RejectionReason.TYPE_NOT_DEFINED, m -> "{\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    UNKNOWN_TYPE(
        RejectionReason.TYPE_NOT_VALID,
        m -> "{\"type\":\"purchase\",\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    GROUP_NO_ID(
        RejectionReason.ID_REQUIRED,
        m -> "{\"type\":\"group\",\"userId\":\"u\",\"messageId\":\"" + m + "\"}"),
    LONG_MESSAGE_ID(
        RejectionReason.MESSAGE_ID_TOO_LONG,
        m ->
            "{\"type\":\"identify\",\"userId\":\"u\",\"messageId\":\""
                + m
                + "-".repeat(101)
                + "\"}");

    private final RejectionReason reason;
    private final Function<String, String> writer;

    MessageKind(RejectionReason reason, Function<String, String> writer) {
      this.reason = reason;
      this.writer = writer;
    }

    /** Returns the reason the message is dropped, or null when it is stored. */
    public RejectionReason reason() {
      return reason;
    }

    public String json(String marker) {
      return writer.apply(marker);
    }
  }

  /** Batches of 1 to 40 messages mixing every valid and invalid kind. */
  public static Gen<List<MessageKind>> batches() {
    return lists().of(arbitrary().enumValues(MessageKind.class)).ofSizeBetween(1, 40);
  }

  /** Instants within a few years of 2026, at millisecond precision. */
  public static Gen<Instant> instants() {
    long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2028-01-01T00:00:00Z").toEpochMilli();
    return longs().between(start, end).map(Instant::ofEpochMilli);
  }

  /** Client clock offsets from -2 days to +2 days, in milliseconds. */
  public static Gen<Duration> skews() {
    long twoDays = Duration.ofDays(2).toMillis();
    return longs().between(-twoDays, twoDays).map(Duration::ofMillis);
  }

  /** Delays between an event and its upload, from 0 to 1 hour. */
  public static Gen<Duration> uploadDelays() {
    return longs().between(0, Duration.ofHours(1).toMillis()).map(Duration::ofMillis);
  }

  /**
   * Steps of a dedupe history: a messageId from a pool of 30 and how far the clock moves before it
   * arrives, up to 3 hours, so both repeats within the window and expiries happen.
   */
  public static Gen<List<DedupeStep>> dedupeHistories() {
    Gen<DedupeStep> step =
        integers()
            .between(0, 29)
            .zip(
                longs().between(0, Duration.ofHours(3).toMillis()),
                (id, advance) -> new DedupeStep("m-" + id, Duration.ofMillis(advance)));
    return lists().of(step).ofSizeBetween(1, 200);
  }

  /**
   * One arrival in a dedupe history.
   *
   * @param messageId the id that arrives
   * @param advance how far the clock moves before it arrives
   */
  public record DedupeStep(String messageId, Duration advance) {}

  /** Page sizes for walking a store with a cursor. */
  public static Gen<Integer> pageSizes() {
    return integers().between(1, 50);
  }
}
