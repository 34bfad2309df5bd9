package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ColumnarEventStoreTest {

  private static NewEvent identify(String writeKey, String userId, long millis) {
    String json =
        "{\"type\":\"identify\",\"userId\":\""
            + userId
            + "\",\"messageId\":\"m-"
            + userId
            + "\",\"traits\":{\"n\":"
            + millis
            + "}}";
    return new NewEvent(
        MessageType.IDENTIFY,
        TrackingRoute.IDENTIFY,
        writeKey,
        millis,
        userId,
        null,
        "m-" + userId,
        null,
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<NewEvent> identifies(String writeKey, int count) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(identify(writeKey, "u" + i, 1_000L + i));
    }
    return events;
  }

  private static EventFilter all() {
    return EventFilter.of(EventQuery.all());
  }

  @Test
  void eventsSpanningChunksComeBackInOrder() {
    ColumnarEventStore store = new ColumnarEventStore(100_000, PayloadCodec.create(true));
    store.append(identifies("k", ColumnarEventStore.CHUNK_SIZE * 2 + 10));

    EventStore.Scan scan = store.scan(all(), ColumnarEventStore.CHUNK_SIZE - 2, 5);

    assertThat(scan.events())
        .extracting(StoredEvent::userId)
        .containsExactly("u4094", "u4095", "u4096", "u4097", "u4098");
    assertThat(scan.lastSequence()).isEqualTo(ColumnarEventStore.CHUNK_SIZE + 3);
  }

  @Test
  void evictionDropsTheOldestAcrossChunks() {
    ColumnarEventStore store = new ColumnarEventStore(5_000, PayloadCodec.create(false));
    store.append(identifies("k", 9_000));

    assertThat(store.size()).isEqualTo(5_000);
    assertThat(store.evicted()).isEqualTo(4_000);
    assertThat(store.accepted()).isEqualTo(9_000);
    assertThat(store.page(all(), 0, 1).events())
        .extracting(StoredEvent::userId)
        .containsExactly("u4000");
  }

  @Test
  void removeWriteKeyLeavesOtherKeys() {
    ColumnarEventStore store = new ColumnarEventStore(100_000, PayloadCodec.create(true));
    store.append(List.of(identify("a", "1", 1), identify("b", "2", 2), identify("a", "3", 3)));

    assertThat(store.removeWriteKey("a")).isEqualTo(2);

    assertThat(store.page(all(), 0, 10).events())
        .extracting(StoredEvent::writeKey)
        .containsExactly("b");
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void evictionAfterRemovalSkipsTheHoles() {
    ColumnarEventStore store = new ColumnarEventStore(2, PayloadCodec.create(true));
    store.append(List.of(identify("a", "1", 1), identify("b", "2", 2)));
    store.removeWriteKey("a");

    store.append(List.of(identify("b", "3", 3), identify("b", "4", 4)));

    assertThat(store.page(all(), 0, 10).events())
        .extracting(StoredEvent::userId)
        .containsExactly("3", "4");
    assertThat(store.evicted()).isEqualTo(1);
  }

  @Test
  void hashCollisionsAreRuledOutByTheMessage() {
    // "Aa" and "BB" share String.hashCode(), so only the decoded message tells them apart.
    ColumnarEventStore store = new ColumnarEventStore(10, PayloadCodec.create(true));
    store.append(List.of(identify("k", "Aa", 1), identify("k", "BB", 2)));

    EventPage page = store.page(EventFilter.of(EventQuery.all().withUserId("BB")), 0, 10);

    assertThat(page.events()).extracting(StoredEvent::userId).containsExactly("BB");
    assertThat(page.total()).isEqualTo(1);
  }

  @Test
  void countWithoutFiltersIsTheSize() {
    ColumnarEventStore store = new ColumnarEventStore(10, PayloadCodec.create(true));
    store.append(identifies("k", 4));

    assertThat(store.count(all())).isEqualTo(4);
    assertThat(store.count(EventFilter.of(EventQuery.all().withType("track")))).isZero();
  }

  @Test
  void clearKeepsSequencesIncreasing() {
    ColumnarEventStore store = new ColumnarEventStore(10, PayloadCodec.create(true));
    store.append(identifies("k", 3));
    store.clear();
    store.append(identifies("k", 1));

    assertThat(store.page(all(), 0, 10).events())
        .extracting(StoredEvent::sequence)
        .containsExactly(4L);
  }

  @Test
  void concurrentAppendsLoseNothing() throws Exception {
    ColumnarEventStore store = new ColumnarEventStore(1_000_000, PayloadCodec.create(true));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      String key = "k" + w;
      writers.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                  store.append(
                      List.of(identify(key, key + "-" + i, i), identify(key, key + "-b" + i, i)));
                  store.page(EventFilter.of(EventQuery.all().withWriteKey(key)), 0, 5);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();

    assertThat(store.size()).isEqualTo(4_000);
    for (int w = 0; w < 4; w++) {
      assertThat(store.count(EventFilter.of(EventQuery.all().withWriteKey("k" + w))))
          .isEqualTo(1_000);
    }
    List<Long> sequences = new ArrayList<>();
    long after = 0;
    EventStore.Scan scan;
    do {
      scan = store.scan(all(), after, 1_000);
      scan.events().forEach(event -> sequences.add(event.sequence()));
      after = scan.lastSequence();
    } while (!scan.events().isEmpty());
    assertThat(sequences).hasSize(4_000).isSorted().doesNotHaveDuplicates();
  }
}
