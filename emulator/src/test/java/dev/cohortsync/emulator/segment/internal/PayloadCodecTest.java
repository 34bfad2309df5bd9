package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  private static final String IDENTIFY =
      "{\"type\":\"identify\",\"userId\":\"user-000123\",\"traits\":{\"[Amplitude] Power Users"
          + " (12345)\":true},\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"},\"integration\":{\"name\":\"Amplitude"
          + " Cohort Sync\",\"version\":\"1.0.0\"}},"
          + "\"integrations\":{},\"messageId\":\"8e0f6bd4-5d1c-4e62-9d0a-3b3f8e7d2c11\","
          + "\"timestamp\":\"2026-01-05T10:00:00.000Z\",\"originalTimestamp\":"
          + "\"2026-01-05T10:00:00.000Z\",\"sentAt\":\"2026-01-05T10:00:00.100Z\","
          + "\"receivedAt\":\"2026-01-05T10:00:00.180Z\"}";

  @Test
  void deflateRoundTrips() {
    PayloadCodec codec = PayloadCodec.create(true);
    byte[] json = IDENTIFY.getBytes(StandardCharsets.UTF_8);

    assertThat(codec.decode(codec.encode(json))).isEqualTo(json);
  }

  @Test
  void deflateShrinksATypicalIdentify() {
    PayloadCodec codec = PayloadCodec.create(true);
    byte[] json = IDENTIFY.getBytes(StandardCharsets.UTF_8);

    assertThat(codec.encode(json).length).isLessThan(json.length / 2);
  }

  @Test
  void roundTripsEmptyAndLargeAndNonAscii() {
    PayloadCodec codec = PayloadCodec.create(true);
    for (String text :
        new String[] {"{}", "{\"a\":\"" + "x".repeat(40_000) + "\"}", "{\"t\":\"日本 Café\"}"}) {
      byte[] json = text.getBytes(StandardCharsets.UTF_8);
      assertThat(codec.decode(codec.encode(json))).isEqualTo(json);
    }
  }

  @Test
  void passThroughKeepsTheBytes() {
    PayloadCodec codec = PayloadCodec.create(false);
    byte[] json = IDENTIFY.getBytes(StandardCharsets.UTF_8);

    assertThat(codec.encode(json)).isSameAs(json);
  }
}
