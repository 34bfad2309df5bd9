package dev.cohortsync.emulator.amplitude.internal;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * An immutable set of Amplitude ids, stored as one sorted array without duplicates (8 bytes per
 * member). Edits return a new instance, so an export job can keep the instance it started with
 * while the cohort changes, without copying it.
 */
public final class Membership {

  public static final Membership EMPTY = new Membership(new long[0]);

  private final long[] ids;

  private Membership(long[] sortedDistinct) {
    this.ids = sortedDistinct;
  }

  /** Creates a membership from ids in any order, with duplicates; the array is not kept. */
  public static Membership of(long... ids) {
    return new Membership(sortedDistinct(ids.clone()));
  }

  /** Creates a membership from an array it may sort and keep; the caller must not reuse it. */
  static Membership adopt(long[] ids) {
    return new Membership(sortedDistinct(ids));
  }

  public int size() {
    return ids.length;
  }

  /** Returns the id at {@code index} in ascending order. */
  public long get(int index) {
    return ids[index];
  }

  public boolean contains(long id) {
    return Arrays.binarySearch(ids, id) >= 0;
  }

  public LongStream stream() {
    return Arrays.stream(ids);
  }

  public long[] toArray() {
    return ids.clone();
  }

  /** Returns this set plus {@code added}; {@code added} must be sorted and distinct. */
  public Membership plus(long[] added) {
    if (added.length == 0) {
      return this;
    }
    long[] merged = new long[ids.length + added.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < ids.length && j < added.length) {
      long a = ids[i];
      long b = added[j];
      if (a < b) {
        merged[n++] = a;
        i++;
      } else if (b < a) {
        merged[n++] = b;
        j++;
      } else {
        merged[n++] = a;
        i++;
        j++;
      }
    }
    while (i < ids.length) {
      merged[n++] = ids[i++];
    }
    while (j < added.length) {
      merged[n++] = added[j++];
    }
    return new Membership(n == merged.length ? merged : Arrays.copyOf(merged, n));
  }

  /** Returns this set without {@code removed}; {@code removed} must be sorted and distinct. */
  public Membership minus(long[] removed) {
    if (removed.length == 0 || ids.length == 0) {
      return this;
    }
    long[] kept = new long[ids.length];
    int n = 0;
    int j = 0;
    for (long id : ids) {
      while (j < removed.length && removed[j] < id) {
        j++;
      }
      if (j < removed.length && removed[j] == id) {
        continue;
      }
      kept[n++] = id;
    }
    return n == ids.length ? this : new Membership(Arrays.copyOf(kept, n));
  }

  /** Sorts {@code ids} in place and returns its distinct prefix (the same array when unique). */
  public static long[] sortedDistinct(long[] ids) {
    Arrays.sort(ids);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (i == 0 || ids[i] != ids[i - 1]) {
        ids[n++] = ids[i];
      }
    }
    return n == ids.length ? ids : Arrays.copyOf(ids, n);
  }
}
