package dev.cohortsync.emulator.syncapi;

import dev.cohortsync.emulator.time.VirtualClock;
import dev.cohortsync.sync.Sleeper;
import java.time.Duration;

/**
 * Makes the engine wait in emulator time. On a frozen clock a wait moves the clock forward by its
 * duration and returns at once, so export polls and retry backoff finish without real waiting and
 * the fake Amplitude's export jobs complete; on a running clock the thread waits for real.
 *
 * <p>Several engine threads sleeping at once on a frozen clock each move it, so the clock ends up
 * further ahead than the longest single wait. That is the price of never blocking on a clock
 * nobody else moves.
 */
final class VirtualClockSleeper implements Sleeper {

  private final VirtualClock clock;

  VirtualClockSleeper(VirtualClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    if (clock.mode() == VirtualClock.Mode.FROZEN) {
      clock.advance(duration);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting " + duration + " on the frozen clock");
      }
    } else {
      Thread.sleep(duration.toMillis());
    }
  }
}
