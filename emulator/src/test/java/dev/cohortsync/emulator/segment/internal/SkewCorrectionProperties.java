package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cohortsync.emulator.segment.Generators;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SkewCorrectionProperties {

  private final MessageNormalizer normalizer = new MessageNormalizer(true);

  private static TextNode text(Instant instant) {
    return JsonNodeFactory.instance.textNode(instant.toString());
  }

  @Test
  void correctedTimestampKeepsTheDelayBetweenEventAndUpload() {
    // receivedAt - (sentAt - timestamp): the client clock's offset cancels out, so the result
    // is the server time minus how long the client held the event.
    qt().forAll(Generators.instants(), Generators.skews(), Generators.uploadDelays())
        .checkAssert(
            (receivedAt, clientOffset, delay) -> {
              Instant sentAt = receivedAt.plus(clientOffset);
              Instant timestamp = sentAt.minus(delay);

              Instant corrected = normalizer.timestamp(text(timestamp), text(sentAt), receivedAt);

              assertThat(corrected).isEqualTo(receivedAt.minus(delay));
            });
  }

  @Test
  void withoutSentAtTheTimestampIsKept() {
    qt().forAll(Generators.instants(), Generators.instants())
        .checkAssert(
            (receivedAt, timestamp) ->
                assertThat(normalizer.timestamp(text(timestamp), null, receivedAt))
                    .isEqualTo(timestamp));
  }

  @Test
  void withoutTimestampTheServerTimeIsUsed() {
    qt().forAll(Generators.instants(), Generators.instants())
        .checkAssert(
            (receivedAt, sentAt) ->
                assertThat(normalizer.timestamp(null, text(sentAt), receivedAt))
                    .isEqualTo(receivedAt));
  }

  @Test
  void correctionOffKeepsTheTimestamp() {
    MessageNormalizer uncorrected = new MessageNormalizer(false);
    qt().forAll(Generators.instants(), Generators.skews())
        .checkAssert(
            (timestamp, offset) -> {
              Instant sentAt = timestamp.plus(offset);
              Instant receivedAt = timestamp.plus(Duration.ofMinutes(1));

              assertThat(uncorrected.timestamp(text(timestamp), text(sentAt), receivedAt))
                  .isEqualTo(timestamp);
            });
  }
}
