package dev.cohortsync.emulator.segment.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The messageIds seen in the dedupe window, across all write keys, as Segment dedupes globally.
 *
 * <p>Memory matters here because the window outlives the event store's cap: each entry costs about
 * 36 bytes (a 64-bit hash in an open-addressing set at most half full, plus hash, time and owner in
 * an insertion-ordered ring) instead of a {@code String} in a {@code HashMap}.
 *
 * <p>NOTE: two different messageIds with the same 64-bit hash count as duplicates. With a million
 * ids in the window the chance of any such pair is about 3 in 100 million.
 */
final class MessageIdWindow {

  private static final int INITIAL_CAPACITY = 1024;
  private static final long EMPTY = 0;

  private final long windowMillis;
  private final int maxEntries;

  // Ring in insertion order; a slot whose hash is EMPTY was forgotten early.
  private long[] ringHash = new long[0];
  private long[] ringSeenAt = new long[0];
  private int[] ringOwner = new int[0];
  private int head;
  private int ringSize;

  // Open-addressing set of the live hashes, linear probing.
  private long[] table = new long[0];
  private int live;
  private long evictions;

  MessageIdWindow(Duration window, int maxEntries) {
    this.windowMillis = window.toMillis();
    this.maxEntries = maxEntries;
  }

  /**
   * Records {@code messageId} as seen at {@code now} for {@code writeKey}.
   *
   * @return true on the first sighting within the window, false for a duplicate
   */
  synchronized boolean firstSighting(String messageId, String writeKey, Instant now) {
    if (windowMillis == 0) {
      return true;
    }
    long nowMillis = now.toEpochMilli();
    expire(nowMillis);
    long hash = hash(messageId);
    if (contains(hash)) {
      return false;
    }
    if (ringSize == maxEntries) {
      if (popHead() != EMPTY) {
        evictions++;
      }
    }
    growRingIfFull();
    int slot = (head + ringSize) % ringHash.length;
    ringHash[slot] = hash;
    ringSeenAt[slot] = nowMillis;
    ringOwner[slot] = writeKey.hashCode();
    ringSize++;
    insert(hash);
    return true;
  }

  /**
   * Forgets the messageIds first seen with {@code writeKey}. Keys are compared by hash code, so a
   * rare other key with the same hash code loses its entries too, which only lets a resend through.
   */
  synchronized void forget(String writeKey) {
    int owner = writeKey.hashCode();
    for (int i = 0; i < ringSize; i++) {
      int slot = (head + i) % ringHash.length;
      if (ringHash[slot] != EMPTY && ringOwner[slot] == owner) {
        remove(ringHash[slot]);
        ringHash[slot] = EMPTY;
      }
    }
  }

  synchronized void clear() {
    ringHash = new long[0];
    ringSeenAt = new long[0];
    ringOwner = new int[0];
    head = 0;
    ringSize = 0;
    table = new long[0];
    live = 0;
    evictions = 0;
  }

  /** MessageIds remembered now. */
  synchronized long size() {
    return live;
  }

  /** MessageIds forgotten before their window ended because the window was full. */
  synchronized long evictions() {
    return evictions;
  }

  private void expire(long nowMillis) {
    while (ringSize > 0) {
      if (ringHash[head] != EMPTY && nowMillis - ringSeenAt[head] < windowMillis) {
        return;
      }
      popHead();
    }
  }

  /** Drops the oldest ring slot; returns its hash, EMPTY when it was already forgotten. */
  private long popHead() {
    long hash = ringHash[head];
    if (hash != EMPTY) {
      remove(hash);
      ringHash[head] = EMPTY;
    }
    head = (head + 1) % ringHash.length;
    ringSize--;
    return hash;
  }

  private void growRingIfFull() {
    if (ringSize < ringHash.length) {
      return;
    }
    int capacity = (int) Math.min(maxEntries, Math.max(INITIAL_CAPACITY, 2L * ringHash.length));
    long[] hashes = new long[capacity];
    long[] seenAt = new long[capacity];
    int[] owners = new int[capacity];
    for (int i = 0; i < ringSize; i++) {
      int slot = (head + i) % ringHash.length;
      hashes[i] = ringHash[slot];
      seenAt[i] = ringSeenAt[slot];
      owners[i] = ringOwner[slot];
    }
    ringHash = hashes;
    ringSeenAt = seenAt;
    ringOwner = owners;
    head = 0;
  }

  private boolean contains(long hash) {
    if (table.length == 0) {
      return false;
    }
    int mask = table.length - 1;
    for (int i = home(hash, mask); table[i] != EMPTY; i = (i + 1) & mask) {
      if (table[i] == hash) {
        return true;
      }
    }
    return false;
  }

  private void insert(long hash) {
    if (2L * (live + 1) > table.length) {
      rehash(Math.max(INITIAL_CAPACITY, table.length * 2));
    }
    int mask = table.length - 1;
    int i = home(hash, mask);
    while (table[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[i] = hash;
    live++;
  }

  // Backward-shift deletion keeps every remaining key reachable from its home slot.
  private void remove(long hash) {
    int mask = table.length - 1;
    int i = home(hash, mask);
    while (table[i] != hash) {
      if (table[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    table[i] = EMPTY;
    live--;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (table[j] == EMPTY) {
        return;
      }
      int k = home(table[j], mask);
      boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        table[i] = table[j];
        table[j] = EMPTY;
        i = j;
      }
    }
  }

  private void rehash(int capacity) {
    long[] old = table;
    table = new long[capacity];
    live = 0;
    for (long hash : old) {
      if (hash != EMPTY) {
        insert(hash);
      }
    }
  }

  private static int home(long hash, int mask) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }

  /** 64-bit FNV-1a over the UTF-16 chars, finished with MurmurHash3's fmix64; never EMPTY. */
  static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }
}
