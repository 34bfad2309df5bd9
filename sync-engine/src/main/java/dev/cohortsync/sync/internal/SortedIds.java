package dev.cohortsync.sync.internal;

import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A sorted set of distinct ids, each with an int payload, held as UTF-8 bytes in one array.
 *
 * <p>Two million ids of 12 characters take about 40 MB here, against roughly 200 MB as a
 * {@code HashSet<String>}. Ids sort by unsigned UTF-8 bytes, the same order on both sides of a
 * diff, so the diff is a single merge pass.
 */
public final class SortedIds {

  private static final SortedIds EMPTY = new SortedIds(new byte[0], new int[] {0}, new int[0]);

  private final byte[] data;
  private final int[] starts;
  private final int[] payloads;

  private SortedIds(byte[] data, int[] starts, int[] payloads) {
    this.data = data;
    this.starts = starts;
    this.payloads = payloads;
  }

  public static SortedIds empty() {
    return EMPTY;
  }

  public int size() {
    return payloads.length;
  }

  public String id(int index) {
    return new String(data, starts[index], starts[index + 1] - starts[index], StandardCharsets.UTF_8);
  }

  public int payload(int index) {
    return payloads[index];
  }

  /** Compares entry {@code index} with entry {@code otherIndex} of {@code other}, by unsigned bytes. */
  public int compare(int index, SortedIds other, int otherIndex) {
    return Arrays.compareUnsigned(
        data, starts[index], starts[index + 1],
        other.data, other.starts[otherIndex], other.starts[otherIndex + 1]);
  }

  /** Bytes held by the arrays, for memory reports. */
  public long footprintBytes() {
    return data.length + 4L * starts.length + 4L * payloads.length;
  }

  /** Collects ids in any order; {@link #build()} sorts them and keeps the first of each duplicate. */
  public static final class Builder {
    private final ByteArrayList data = new ByteArrayList();
    private final IntArrayList starts = new IntArrayList();
    private final IntArrayList payloads = new IntArrayList();

    public Builder add(String id, int payload) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      starts.add(data.size());
      data.addElements(data.size(), bytes);
      payloads.add(payload);
      return this;
    }

    /** Number of ids added so far, duplicates included. */
    public int added() {
      return payloads.size();
    }

    public SortedIds build() {
      int count = payloads.size();
      if (count == 0) {
        return EMPTY;
      }
      byte[] raw = data.elements();
      int[] rawStarts = starts.elements();
      int rawEnd = data.size();
      int[] order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      IntArrays.quickSort(order, (a, b) -> {
        int cmp = Arrays.compareUnsigned(
            raw, rawStarts[a], end(rawStarts, a, count, rawEnd),
            raw, rawStarts[b], end(rawStarts, b, count, rawEnd));
        // Ties keep insertion order, so the first occurrence of a duplicate wins.
        return cmp != 0 ? cmp : Integer.compare(a, b);
      });
      ByteArrayList sortedData = new ByteArrayList(rawEnd);
      IntArrayList sortedStarts = new IntArrayList(count + 1);
      IntArrayList sortedPayloads = new IntArrayList(count);
      int previous = -1;
      for (int i = 0; i < count; i++) {
        int entry = order[i];
        int from = rawStarts[entry];
        int to = end(rawStarts, entry, count, rawEnd);
        if (previous >= 0
            && Arrays.compareUnsigned(
                    raw, rawStarts[previous], end(rawStarts, previous, count, rawEnd), raw, from, to)
                == 0) {
          continue;
        }
        sortedStarts.add(sortedData.size());
        sortedData.addElements(sortedData.size(), raw, from, to - from);
        sortedPayloads.add(payloads.getInt(entry));
        previous = entry;
      }
      sortedStarts.add(sortedData.size());
      return new SortedIds(
          sortedData.toByteArray(), sortedStarts.toIntArray(), sortedPayloads.toIntArray());
    }

    private static int end(int[] starts, int entry, int count, int dataEnd) {
      return entry + 1 < count ? starts[entry + 1] : dataEnd;
    }
  }
}
