package dev.cohortsync.sync.testing;

import dev.cohortsync.sync.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that returns at once, records every wait and moves a test clock by it. */
public final class RecordingSleeper implements Sleeper {

  private final TestClock clock;
  private final List<Duration> sleeps = new ArrayList<>();

  public RecordingSleeper(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    if (clock != null) {
      clock.advance(duration);
    }
  }

  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public synchronized void clear() {
    sleeps.clear();
  }
}
