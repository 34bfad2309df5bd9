package dev.cohortsync.sync.internal;

import dev.cohortsync.sync.EngineConfig;
import dev.cohortsync.sync.SegmentTarget;
import dev.cohortsync.sync.internal.store.CohortKey;
import dev.cohortsync.sync.internal.store.PendingBatch;
import dev.cohortsync.sync.internal.store.StateStore;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the changes of one cohort in one run: cuts them into batches within the user, byte and
 * message limits, writes each batch as pending before sending it, keeps up to the configured
 * number of batches in flight, and settles each batch by Segment's response.
 *
 * <p>Settling: a 2xx applies the batch to member state and deletes it in one transaction; a
 * definite rejection deletes it and counts its changes as failed (state did not move, so the next
 * run computes them again); no answer leaves it pending for the next run to replay as it is.
 */
final class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);

  private final EngineConfig config;
  private final StateStore store;
  private final SegmentSender sender;
  private final ExecutorService pool;
  private final SegmentTarget target;
  private final String syncId;
  private final String cohortId;
  private final LeaseKeeper lease;
  private final CohortCounters counters;
  private final Semaphore inFlight;
  private final List<Future<?>> sent = new ArrayList<>();

  Delivery(
      EngineConfig config, StateStore store, SegmentSender sender, ExecutorService pool,
      SegmentTarget target, String syncId, String cohortId, LeaseKeeper lease, CohortCounters counters) {
    this.config = config;
    this.store = store;
    this.sender = sender;
    this.pool = pool;
    this.target = target;
    this.syncId = syncId;
    this.cohortId = cohortId;
    this.lease = lease;
    this.counters = counters;
    this.inFlight = new Semaphore(config.maxBatchesInFlight());
  }

  /** Sends a batch left pending by an earlier run, with the same messages. */
  void replay(PendingBatch batch) {
    IdentifyWriter writer = new IdentifyWriter(syncId, cohortId, batch.key().traitKey(), batch.createdAt());
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (Change change : batch.changes()) {
      if (joined.size() > 0) {
        joined.write(',');
      }
      joined.writeBytes(writer.identify(change));
    }
    if (acquireSlot(batch.changes().size())) {
      submit(batch, joined.toByteArray());
    } else {
      counters.unacknowledgedBatches.incrementAndGet();
    }
  }

  /** Cuts the changes into batches and sends them. */
  void deliver(CohortKey key, Iterator<Change> changes) {
    Instant createdAt = config.clock().instant();
    IdentifyWriter writer = new IdentifyWriter(syncId, cohortId, key.traitKey(), createdAt);
    List<Change> batch = new ArrayList<>();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    while (changes.hasNext()) {
      Change change = changes.next();
      byte[] message = writer.identify(change);
      if (message.length > config.maxMessageBytes()) {
        counters.fail(1, "identify for user " + preview(change.userId()) + " is " + message.length
            + " bytes, over Segment's " + config.maxMessageBytes() + "-byte message limit; not sent");
        continue;
      }
      int separator = batch.isEmpty() ? 0 : 1;
      boolean full = batch.size() >= config.usersPerBatch()
          || IdentifyWriter.ENVELOPE_BYTES + joined.size() + separator + message.length > config.maxBatchBytes();
      if (full) {
        flush(key, createdAt, batch, joined);
        batch = new ArrayList<>();
        joined = new ByteArrayOutputStream();
        separator = 0;
      }
      if (separator == 1) {
        joined.write(',');
      }
      joined.writeBytes(message);
      batch.add(change);
    }
    if (!batch.isEmpty()) {
      flush(key, createdAt, batch, joined);
    }
  }

  private void flush(CohortKey key, Instant createdAt, List<Change> changes, ByteArrayOutputStream joined) {
    lease.heartbeat();
    // The slot is taken before the batch is written, so at most the batches in flight are pending
    // when the process dies.
    if (!acquireSlot(changes.size())) {
      return;
    }
    PendingBatch pending;
    try {
      pending = store.insertPending(key, createdAt, changes);
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
    submit(pending, joined.toByteArray());
  }

  private boolean acquireSlot(int changes) {
    try {
      inFlight.acquire();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counters.fail(changes, "interrupted before sending; these changes are sent on the next run");
      return false;
    }
  }

  /** Sends a batch on a sender thread; the caller holds an in-flight slot, which this releases. */
  private void submit(PendingBatch batch, byte[] messages) {
    try {
      sent.add(pool.submit(() -> {
        try {
          settle(batch, sender.send(target, messages, this::heartbeatQuietly));
        } finally {
          inFlight.release();
        }
      }));
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  private void heartbeatQuietly() {
    try {
      lease.heartbeat();
    } catch (LeaseKeeper.LeaseLostException e) {
      // The producer thread checks the lease again before its next batch and stops the run there.
    }
  }

  private void settle(PendingBatch batch, SegmentSender.Outcome outcome) {
    int size = batch.changes().size();
    if (outcome.attempts() > 1) {
      counters.retriedBatches.incrementAndGet();
    }
    switch (outcome.result()) {
      case ACKNOWLEDGED -> {
        try {
          store.acknowledge(batch);
        } catch (RuntimeException e) {
          log.error("sync {} cohort {}: Segment acknowledged batch {} but saving state failed", syncId, cohortId,
              batch.batchId(), e);
          counters.unacknowledgedBatches.incrementAndGet();
          counters.fail(size, "Segment acknowledged a batch of " + size + " but saving state failed ("
              + e.getMessage() + "); it stays pending and is resent with the same messageIds");
          return;
        }
        long trues = batch.changes().stream().filter(Change::value).count();
        counters.sentTrue.addAndGet(trues);
        counters.sentFalse.addAndGet(size - trues);
        config.listener().batchAcknowledged(syncId, cohortId, counters.acknowledged());
      }
      case REJECTED -> {
        store.discardPending(batch.batchId());
        log.warn("sync {} cohort {}: Segment rejected a batch of {} identifies: {}", syncId, cohortId, size,
            outcome.detail());
        counters.fail(size, "Segment rejected a batch of " + size + ": " + outcome.detail()
            + "; these changes are sent again on the next run");
      }
      case UNACKNOWLEDGED -> {
        counters.unacknowledgedBatches.incrementAndGet();
        log.warn("sync {} cohort {}: no response from Segment for a batch of {} identifies: {}", syncId, cohortId,
            size, outcome.detail());
        counters.fail(size, "no response from Segment for a batch of " + size + ": " + outcome.detail()
            + "; it stays pending and is resent with the same messageIds on the next run");
      }
    }
  }

  /** Waits until every batch sent so far is settled. */
  void awaitAll() {
    for (Future<?> future : sent) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Segment to respond", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("settling a batch failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    sent.clear();
  }

  private static String preview(String userId) {
    return userId.length() <= 40 ? "\"" + userId + "\"" : "\"" + userId.substring(0, 40) + "…\"";
  }
}
