package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.StoredEvent;
import dev.cohortsync.emulator.segment.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Callers waiting for matching events. The ingest path calls {@link #onAppend()} after each store
 * append, and each waiter scans only the events appended since its last scan, so a wait ends as
 * soon as the event that completes it is stored, without polling.
 *
 * <p>Timeouts run on wall-clock time: a long-poll measured on the virtual clock would never end
 * while the clock is frozen.
 */
final class EventWaiters implements AutoCloseable {

  private final EventStore store;
  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "segment-wait-timeout");
            thread.setDaemon(true);
            return thread;
          });

  EventWaiters(EventStore store) {
    this.store = store;
  }

  /**
   * Waits for {@code count} events matching {@code filter}, counting events already stored.
   *
   * @return a future that completes with the events once enough are stored, or with {@code
   *     timedOut} and the events seen so far once {@code timeout} passes
   */
  CompletableFuture<WaitResult> await(EventFilter filter, int count, Duration timeout) {
    Waiter waiter = new Waiter(filter, count);
    waiting.add(waiter);
    waiter.future.whenComplete((result, error) -> waiting.remove(waiter));
    waiter.advance(store);
    if (!waiter.future.isDone()) {
      if (timeout.isZero()) {
        waiter.timeOut();
      } else {
        ScheduledFuture<?> alarm =
            timer.schedule(waiter::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        waiter.future.whenComplete((result, error) -> alarm.cancel(false));
      }
    }
    return waiter.future;
  }

  /** Lets every waiter look at the events appended since its last look. */
  void onAppend() {
    for (Waiter waiter : waiting) {
      waiter.advance(store);
    }
  }

  /** Waiters pending now. */
  int size() {
    return waiting.size();
  }

  /** Ends every pending wait as timed out and stops the timer thread. */
  @Override
  public void close() {
    for (Waiter waiter : waiting) {
      waiter.timeOut();
    }
    timer.shutdownNow();
  }

  private static final class Waiter {
    private final EventFilter filter;
    private final int count;
    private final List<StoredEvent> found = new ArrayList<>();
    private final CompletableFuture<WaitResult> future = new CompletableFuture<>();
    private long cursor;

    private Waiter(EventFilter filter, int count) {
      this.filter = filter;
      this.count = count;
    }

    private synchronized void advance(EventStore store) {
      if (future.isDone()) {
        return;
      }
      EventStore.Scan scan = store.scan(filter, cursor, count - found.size());
      found.addAll(scan.events());
      cursor = scan.lastSequence();
      if (found.size() >= count) {
        future.complete(new WaitResult(false, count, found));
      }
    }

    private synchronized void timeOut() {
      future.complete(new WaitResult(true, count, found));
    }
  }
}
