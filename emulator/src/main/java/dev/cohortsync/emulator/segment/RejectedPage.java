package dev.cohortsync.emulator.segment;

import java.util.List;

/**
 * One page of rejected messages.
 *
 * @param rejected the matching rejections after the query's cursor, oldest first
 * @param total how many kept rejections match the filters, ignoring the cursor and the limit
 * @param nextAfter cursor for the next page, or null on the last page
 */
public record RejectedPage(List<RejectedMessage> rejected, long total, Long nextAfter) {

  public RejectedPage {
    rejected = List.copyOf(rejected);
  }
}
