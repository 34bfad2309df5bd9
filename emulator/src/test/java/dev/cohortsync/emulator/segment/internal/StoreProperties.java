package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.cohortsync.emulator.segment.EventPage;
import dev.cohortsync.emulator.segment.EventQuery;
import dev.cohortsync.emulator.segment.Generators;
import dev.cohortsync.emulator.segment.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreProperties {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void dedupeWindowAgreesWithASimpleModel() {
    qt().withExamples(200)
        .forAll(Generators.dedupeHistories())
        .checkAssert(
            steps -> {
              java.time.Duration window = java.time.Duration.ofHours(2);
              MessageIdWindow dedupe = new MessageIdWindow(window, 1_000);
              Map<String, Instant> firstSeen = new HashMap<>();
              Instant now = T0;
              for (Generators.DedupeStep step : steps) {
                now = now.plus(step.advance());
                Instant seen = firstSeen.get(step.messageId());
                boolean expectedFirst = seen == null || !now.isBefore(seen.plus(window));
                if (expectedFirst) {
                  firstSeen.put(step.messageId(), now);
                }

                assertThat(dedupe.firstSighting(step.messageId(), "k", now))
                    .as("%s at %s", step.messageId(), now)
                    .isEqualTo(expectedFirst);
              }
            });
  }

  @Test
  void cursorPagingVisitsEveryMatchOnceInOrder() {
    qt().withExamples(100)
        .forAll(Generators.pageSizes(), Generators.pageSizes())
        .checkAssert(
            (pageSize, modulus) -> {
              ColumnarEventStore store = new ColumnarEventStore(10_000, PayloadCodec.create(true));
              List<NewEvent> events = new ArrayList<>();
              List<String> expected = new ArrayList<>();
              for (int i = 0; i < 300; i++) {
                String userId = i % modulus == 0 ? "match" : "other";
                String json =
                    "{\"type\":\"identify\",\"userId\":\""
                        + userId
                        + "\",\"messageId\":\"m"
                        + i
                        + "\"}";
                events.add(
                    new NewEvent(
                        MessageType.IDENTIFY,
                        TrackingRoute.BATCH,
                        "k",
                        i,
                        userId,
                        null,
                        "m" + i,
                        null,
                        json.getBytes(StandardCharsets.UTF_8)));
                if (userId.equals("match")) {
                  expected.add("m" + i);
                }
              }
              store.append(events);
              EventFilter filter = EventFilter.of(EventQuery.all().withUserId("match"));

              List<String> seen = new ArrayList<>();
              long after = 0;
              while (true) {
                EventPage page = store.page(filter, after, pageSize);
                assertThat(page.total()).isEqualTo(expected.size());
                page.events().stream().map(StoredEvent::messageId).forEach(seen::add);
                if (page.nextAfter() == null) {
                  break;
                }
                after = page.nextAfter();
              }
              assertThat(seen).isEqualTo(expected);
            });
  }
}
