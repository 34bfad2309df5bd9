package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-memory {@link EventStore} laid out in columns, to keep memory per event low.
 *
 * <p>Events live in chunks of {@value #CHUNK_SIZE}. Each chunk contains primitive arrays for the
 * indexed fields (time, type, route, write key id, and 32-bit hashes of userId, anonymousId,
 * messageId and event) plus one encoded payload per event. Per event that is about 38 bytes of
 * columns plus the payload array, with no per-event object. The sequence of an event is its chunk's
 * first sequence plus its index; a removed event leaves a null payload.
 */
final class ColumnarEventStore implements EventStore {

  static final int CHUNK_SIZE = 4096;

  private final int maxEvents;
  private final PayloadCodec codec;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final ArrayList<Chunk> chunks = new ArrayList<>();
  private final List<String> writeKeys = new ArrayList<>();
  private final Map<String, Integer> writeKeyIds = new HashMap<>();
  private long nextSequence = 1;
  private long live;
  private long evicted;
  private long accepted;

  ColumnarEventStore(int maxEvents, PayloadCodec codec) {
    this.maxEvents = maxEvents;
    this.codec = codec;
  }

  @Override
  public void append(List<NewEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    List<byte[]> payloads = new ArrayList<>(events.size());
    for (NewEvent event : events) {
      payloads.add(codec.encode(event.json()));
    }
    lock.writeLock().lock();
    try {
      for (int i = 0; i < events.size(); i++) {
        appendOne(events.get(i), payloads.get(i));
      }
      while (live > maxEvents) {
        evictOldest();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void appendOne(NewEvent event, byte[] payload) {
    Chunk chunk = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
    if (chunk == null || chunk.size == CHUNK_SIZE) {
      chunk = new Chunk(nextSequence);
      chunks.add(chunk);
    }
    int i = chunk.size++;
    chunk.receivedAtMillis[i] = event.receivedAtMillis();
    chunk.type[i] = event.type().code();
    chunk.route[i] = event.route().code();
    chunk.writeKeyId[i] = writeKeyId(event.writeKey());
    chunk.userHash[i] = EventFilter.hash(event.userId());
    chunk.anonymousHash[i] = EventFilter.hash(event.anonymousId());
    chunk.messageHash[i] = EventFilter.hash(event.messageId());
    chunk.eventHash[i] = EventFilter.hash(event.event());
    chunk.payload[i] = payload;
    chunk.live++;
    nextSequence++;
    live++;
    accepted++;
  }

  private void evictOldest() {
    Chunk first = chunks.get(0);
    while (first.payload[first.head] == null) {
      first.head++;
    }
    first.payload[first.head] = null;
    first.head++;
    first.live--;
    live--;
    evicted++;
    dropChunkIfDead(0);
  }

  private int writeKeyId(String writeKey) {
    Integer id = writeKeyIds.get(writeKey);
    if (id == null) {
      id = writeKeys.size();
      writeKeys.add(writeKey);
      writeKeyIds.put(writeKey, id);
    }
    return id;
  }

  @Override
  public EventPage page(EventFilter filter, long after, int limit) {
    lock.readLock().lock();
    try {
      List<StoredEvent> events = new ArrayList<>();
      long total = 0;
      long afterCursor = 0;
      int keyId = wantedWriteKeyId(filter);
      if (keyId == NO_MATCH) {
        return new EventPage(events, 0, null);
      }
      for (Chunk chunk : chunks) {
        for (int i = chunk.head; i < chunk.size; i++) {
          JsonNode message = matching(chunk, i, filter, keyId);
          if (message == null) {
            continue;
          }
          total++;
          long sequence = chunk.firstSequence + i;
          if (sequence > after) {
            afterCursor++;
            if (events.size() < limit) {
              events.add(view(chunk, i, message));
            }
          }
        }
      }
      Long nextAfter = afterCursor > limit ? events.get(events.size() - 1).sequence() : null;
      return new EventPage(events, total, nextAfter);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Scan scan(EventFilter filter, long after, int limit) {
    lock.readLock().lock();
    try {
      List<StoredEvent> events = new ArrayList<>();
      long last = Math.max(after, nextSequence - 1);
      int keyId = wantedWriteKeyId(filter);
      if (keyId == NO_MATCH) {
        return new Scan(events, last);
      }
      for (int c = firstChunkAfter(after); c < chunks.size(); c++) {
        Chunk chunk = chunks.get(c);
        int start = (int) Math.max(chunk.head, after + 1 - chunk.firstSequence);
        for (int i = start; i < chunk.size; i++) {
          JsonNode message = matching(chunk, i, filter, keyId);
          if (message != null) {
            events.add(view(chunk, i, message));
            if (events.size() == limit) {
              return new Scan(events, chunk.firstSequence + i);
            }
          }
        }
      }
      return new Scan(events, last);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long count(EventFilter filter) {
    lock.readLock().lock();
    try {
      int keyId = wantedWriteKeyId(filter);
      if (keyId == NO_MATCH) {
        return 0;
      }
      if (filter.matchesEverything()) {
        return live;
      }
      long count = 0;
      for (Chunk chunk : chunks) {
        for (int i = chunk.head; i < chunk.size; i++) {
          if (matching(chunk, i, filter, keyId) != null) {
            count++;
          }
        }
      }
      return count;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long removeWriteKey(String writeKey) {
    lock.writeLock().lock();
    try {
      Integer id = writeKeyIds.get(writeKey);
      if (id == null) {
        return 0;
      }
      long removed = 0;
      for (int c = chunks.size() - 1; c >= 0; c--) {
        Chunk chunk = chunks.get(c);
        for (int i = chunk.head; i < chunk.size; i++) {
          if (chunk.payload[i] != null && chunk.writeKeyId[i] == id) {
            chunk.payload[i] = null;
            chunk.live--;
            removed++;
          }
        }
        dropChunkIfDead(c);
      }
      live -= removed;
      return removed;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void clear() {
    lock.writeLock().lock();
    try {
      chunks.clear();
      writeKeys.clear();
      writeKeyIds.clear();
      live = 0;
      evicted = 0;
      accepted = 0;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long size() {
    lock.readLock().lock();
    try {
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long evicted() {
    lock.readLock().lock();
    try {
      return evicted;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long accepted() {
    lock.readLock().lock();
    try {
      return accepted;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static final int ANY = -1;
  private static final int NO_MATCH = -2;

  private int wantedWriteKeyId(EventFilter filter) {
    if (filter.writeKey() == null) {
      return ANY;
    }
    Integer id = writeKeyIds.get(filter.writeKey());
    return id == null ? NO_MATCH : id;
  }

  /**
   * Returns null when event {@code i} does not match; otherwise its decoded message, or {@link
   * #NOT_DECODED} when the filter needed no decoding.
   */
  private JsonNode matching(Chunk chunk, int i, EventFilter filter, int keyId) {
    if (chunk.payload[i] == null) {
      return null;
    }
    if (keyId != ANY && chunk.writeKeyId[i] != keyId) {
      return null;
    }
    if (!filter.matchesIndexed(
        chunk.type[i],
        chunk.receivedAtMillis[i],
        chunk.userHash[i],
        chunk.anonymousHash[i],
        chunk.messageHash[i],
        chunk.eventHash[i])) {
      return null;
    }
    if (!filter.needsMessage()) {
      return NOT_DECODED;
    }
    JsonNode message = decode(chunk.payload[i]);
    return filter.matchesMessage(message) ? message : null;
  }

  private static final JsonNode NOT_DECODED = Json.MAPPER.createObjectNode();

  private StoredEvent view(Chunk chunk, int i, JsonNode decoded) {
    ObjectNode message = (ObjectNode) (decoded == NOT_DECODED ? decode(chunk.payload[i]) : decoded);
    MessageType type = MessageType.fromCode(chunk.type[i]);
    return new StoredEvent(
        chunk.firstSequence + i,
        writeKeys.get(chunk.writeKeyId[i]),
        TrackingRoute.fromCode(chunk.route[i]).path(),
        Instant.ofEpochMilli(chunk.receivedAtMillis[i]),
        type.wireName(),
        message.path("messageId").asText(null),
        text(message, "userId"),
        text(message, "anonymousId"),
        message);
  }

  private static String text(ObjectNode message, String field) {
    JsonNode value = message.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private JsonNode decode(byte[] payload) {
    try {
      return Json.MAPPER.readTree(codec.decode(payload));
    } catch (IOException e) {
      throw new UncheckedIOException("stored event cannot be parsed", e);
    }
  }

  private int firstChunkAfter(long after) {
    int low = 0;
    int high = chunks.size() - 1;
    int found = chunks.size();
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Chunk chunk = chunks.get(mid);
      if (chunk.firstSequence + chunk.size - 1 > after) {
        found = mid;
        high = mid - 1;
      } else {
        low = mid + 1;
      }
    }
    return found;
  }

  // Keeps the last chunk while it still has room, so appends do not allocate a chunk each time.
  private void dropChunkIfDead(int index) {
    Chunk chunk = chunks.get(index);
    boolean isOpenTail = index == chunks.size() - 1 && chunk.size < CHUNK_SIZE;
    if (chunk.live == 0 && !isOpenTail) {
      chunks.remove(index);
    }
  }

  private static final class Chunk {
    private final long firstSequence;
    private final long[] receivedAtMillis = new long[CHUNK_SIZE];
    private final byte[] type = new byte[CHUNK_SIZE];
    private final byte[] route = new byte[CHUNK_SIZE];
    private final int[] writeKeyId = new int[CHUNK_SIZE];
    private final int[] userHash = new int[CHUNK_SIZE];
    private final int[] anonymousHash = new int[CHUNK_SIZE];
    private final int[] messageHash = new int[CHUNK_SIZE];
    private final int[] eventHash = new int[CHUNK_SIZE];
    private final byte[][] payload = new byte[CHUNK_SIZE][];
    private int size;
    private int head;
    private int live;

    private Chunk(long firstSequence) {
      this.firstSequence = firstSequence;
    }
  }
}
