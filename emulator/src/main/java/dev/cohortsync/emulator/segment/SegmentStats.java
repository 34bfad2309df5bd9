package dev.cohortsync.emulator.segment;

import java.util.Map;

/**
 * Counters of the fake Segment since start or the last full reset.
 *
 * @param storedEvents events held now
 * @param evictedEvents events dropped because the store reached {@code maxStoredEvents}
 * @param acceptedEvents events stored in total, including evicted ones
 * @param rejectedMessages rejections in total, including those no longer listed
 * @param rejectedByReason rejections in total per reason code
 * @param evictedRejections rejections no longer listed because of {@code maxRejectedMessages}
 * @param requests requests received on the tracking routes
 * @param rateLimitedRequests requests rejected with 429 by the rate limiter
 * @param faultResponses requests answered by an injected fault
 * @param sources registered write keys
 * @param dedupeEntries messageIds remembered by the dedupe window now
 * @param dedupeEvictions messageIds forgotten before their window ended because of {@code
 *     maxDedupeEntries}
 */
public record SegmentStats(
    long storedEvents,
    long evictedEvents,
    long acceptedEvents,
    long rejectedMessages,
    Map<String, Long> rejectedByReason,
    long evictedRejections,
    long requests,
    long rateLimitedRequests,
    long faultResponses,
    int sources,
    long dedupeEntries,
    long dedupeEvictions) {

  public SegmentStats {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }
}
