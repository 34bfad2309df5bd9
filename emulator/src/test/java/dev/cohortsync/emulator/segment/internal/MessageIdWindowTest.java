package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageIdWindowTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void firstSightingIsTrueAndRepeatIsFalse() {
    MessageIdWindow window = new MessageIdWindow(Duration.ofHours(24), 100);

    assertThat(window.firstSighting("m1", "k", T0)).isTrue();
    assertThat(window.firstSighting("m1", "other", T0.plusSeconds(1))).isFalse();
    assertThat(window.firstSighting("m2", "k", T0)).isTrue();
  }

  @Test
  void entryExpiresWhenTheWindowHasPassed() {
    MessageIdWindow window = new MessageIdWindow(Duration.ofHours(24), 100);
    window.firstSighting("m1", "k", T0);

    assertThat(window.firstSighting("m1", "k", T0.plus(Duration.ofHours(24)).minusMillis(1)))
        .isFalse();
    assertThat(window.firstSighting("m1", "k", T0.plus(Duration.ofHours(24)))).isTrue();
  }

  @Test
  void fullWindowForgetsTheOldestAndCountsIt() {
    MessageIdWindow window = new MessageIdWindow(Duration.ofHours(24), 3);
    for (int i = 0; i < 4; i++) {
      window.firstSighting("m" + i, "k", T0);
    }

    assertThat(window.size()).isEqualTo(3);
    assertThat(window.evictions()).isEqualTo(1);
    assertThat(window.firstSighting("m0", "k", T0)).isTrue();
    assertThat(window.firstSighting("m3", "k", T0)).isFalse();
  }

  @Test
  void zeroWindowTurnsDedupeOff() {
    MessageIdWindow window = new MessageIdWindow(Duration.ZERO, 100);

    assertThat(window.firstSighting("m1", "k", T0)).isTrue();
    assertThat(window.firstSighting("m1", "k", T0)).isTrue();
  }

  @Test
  void forgetRemovesOnlyThatKeysEntries() {
    MessageIdWindow window = new MessageIdWindow(Duration.ofHours(1), 100);
    window.firstSighting("a", "key-a", T0);
    window.firstSighting("b", "key-b", T0);

    window.forget("key-a");

    assertThat(window.firstSighting("a", "key-b", T0)).isTrue();
    assertThat(window.firstSighting("b", "key-a", T0)).isFalse();
  }

  @Test
  void manyIdsSurviveGrowthAndDeletion() {
    MessageIdWindow window = new MessageIdWindow(Duration.ofSeconds(10), 1_000_000);
    // 50,000 ids over 50 seconds: each second's ids expire ten seconds later, which exercises
    // ring growth, table rehashing and backward-shift deletion together.
    for (int second = 0; second < 50; second++) {
      Instant now = T0.plusSeconds(second);
      for (int i = 0; i < 1_000; i++) {
        assertThat(window.firstSighting("id-" + second + "-" + i, "k", now)).isTrue();
      }
    }
    Instant end = T0.plusSeconds(49);
    assertThat(window.size()).isEqualTo(10_000);
    for (int second = 40; second < 50; second++) {
      for (int i = 0; i < 1_000; i += 97) {
        assertThat(window.firstSighting("id-" + second + "-" + i, "k", end)).isFalse();
      }
    }
    assertThat(window.firstSighting("id-39-0", "k", end)).isTrue();
  }
}
