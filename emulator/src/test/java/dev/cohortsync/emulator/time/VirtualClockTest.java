package dev.cohortsync.emulator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

  private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  @Test
  void frozenClockMovesOnlyWhenAdvanced() {
    VirtualClock clock = VirtualClock.frozenAt(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.advance(Duration.ofHours(1))).isEqualTo(START.plusSeconds(3600));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(3600));
  }

  @Test
  void followingClockKeepsItsOffsetAfterAdvance() {
    VirtualClock clock = VirtualClock.followingSystem();
    Instant before = Instant.now();

    clock.advance(Duration.ofDays(2));

    assertThat(clock.instant()).isAfterOrEqualTo(before.plus(Duration.ofDays(2)));
    assertThat(clock.mode()).isEqualTo(VirtualClock.Mode.FOLLOW_SYSTEM);
  }

  @Test
  void rejectsNegativeAdvanceAndBackwardSet() {
    VirtualClock clock = VirtualClock.frozenAt(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative duration PT-1S");
    assertThatThrownBy(() -> clock.set(START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot move the clock back");
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void notifiesListenersWithNewInstant() {
    VirtualClock clock = VirtualClock.frozenAt(START);
    List<Instant> seen = new ArrayList<>();
    clock.onChange(seen::add);

    clock.advance(Duration.ofMinutes(5));
    clock.set(START.plusSeconds(600));

    assertThat(seen).containsExactly(START.plusSeconds(300), START.plusSeconds(600));
  }

  @Test
  void freezeAndResumeKeepTheCurrentInstant() {
    VirtualClock clock = VirtualClock.followingSystem();
    clock.advance(Duration.ofDays(365));

    Instant frozen = clock.freeze();
    Instant resumed = clock.resume();

    assertThat(frozen).isAfter(Instant.now().plus(Duration.ofDays(364)));
    assertThat(resumed).isAfterOrEqualTo(frozen);
    assertThat(Duration.between(frozen, resumed)).isLessThan(Duration.ofSeconds(5));
  }
}
