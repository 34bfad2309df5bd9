package dev.cohortsync.emulator.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A clock that tests, demos and the control API can move.
 *
 * <p>In {@link Mode#FOLLOW_SYSTEM} it reads the system clock plus an offset, so time passes as
 * usual and {@link #advance(Duration)} jumps ahead. In {@link Mode#FROZEN} it stands still and
 * moves only when advanced or set. Every component of the emulator and the sync engine reads time
 * from one instance, so schedules, dedupe windows and export expiry follow it together.
 *
 * <p>Listeners run on the thread that moved the clock, after the move, in registration order.
 */
public final class VirtualClock extends Clock {

  /** How the clock moves between explicit changes. */
  public enum Mode {
    FOLLOW_SYSTEM,
    FROZEN
  }

  private final Clock system;
  private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();
  private Mode mode;
  private Duration offset = Duration.ZERO;
  private Instant frozenAt;

  private VirtualClock(Clock system, Mode mode, Instant frozenAt) {
    this.system = system;
    this.mode = mode;
    this.frozenAt = frozenAt;
  }

  /** Creates a clock that follows the system clock until it is advanced, set or frozen. */
  public static VirtualClock followingSystem() {
    return new VirtualClock(Clock.systemUTC(), Mode.FOLLOW_SYSTEM, null);
  }

  /** Creates a clock that stands at {@code start} until it is advanced or set. */
  public static VirtualClock frozenAt(Instant start) {
    return new VirtualClock(Clock.systemUTC(), Mode.FROZEN, Objects.requireNonNull(start, "start"));
  }

  @Override
  public synchronized Instant instant() {
    return mode == Mode.FROZEN ? frozenAt : system.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException(
        "VirtualClock is always UTC; convert instants with atZone(" + zone + ") instead");
  }

  public synchronized Mode mode() {
    return mode;
  }

  /**
   * Moves the clock forward by {@code amount} and notifies listeners.
   *
   * @throws IllegalArgumentException if {@code amount} is negative: time never runs backwards
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "cannot advance the clock by a negative duration " + amount + "; pass PT0S or more");
    }
    Instant now;
    synchronized (this) {
      if (mode == Mode.FROZEN) {
        frozenAt = frozenAt.plus(amount);
      } else {
        offset = offset.plus(amount);
      }
      now = instant();
    }
    notifyListeners(now);
    return now;
  }

  /**
   * Moves the clock to {@code target}, which must not be before the current instant.
   *
   * @throws IllegalArgumentException if {@code target} is in the past of this clock
   */
  public Instant set(Instant target) {
    Objects.requireNonNull(target, "target");
    Instant now;
    synchronized (this) {
      Instant current = instant();
      if (target.isBefore(current)) {
        throw new IllegalArgumentException(
            "cannot move the clock back from " + current + " to " + target
                + "; pass an instant at or after the current one");
      }
      if (mode == Mode.FROZEN) {
        frozenAt = target;
      } else {
        offset = offset.plus(Duration.between(current, target));
      }
      now = target;
    }
    notifyListeners(now);
    return now;
  }

  /** Stops the clock at its current instant; a frozen clock stays as it is. */
  public synchronized Instant freeze() {
    if (mode == Mode.FOLLOW_SYSTEM) {
      frozenAt = instant();
      mode = Mode.FROZEN;
    }
    return frozenAt;
  }

  /**
   * Lets a frozen clock run again from its current instant; a running clock stays as it is.
   */
  public synchronized Instant resume() {
    if (mode == Mode.FROZEN) {
      offset = Duration.between(system.instant(), frozenAt);
      mode = Mode.FOLLOW_SYSTEM;
    }
    return instant();
  }

  /** Registers a listener called with the new instant after every advance or set. */
  public void onChange(Consumer<Instant> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  private void notifyListeners(Instant now) {
    for (Consumer<Instant> listener : listeners) {
      listener.accept(now);
    }
  }
}
