package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmentProperties {

  private static SegmentTestServer server;

  @BeforeAll
  static void start() {
    server = SegmentTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void batchKeepsValidAndListsInvalidOnce() {
    qt().withExamples(60)
        .forAll(Generators.batches())
        .checkAssert(
            kinds -> {
              server.reset();
              List<String> parts = new ArrayList<>();
              List<String> expectedStored = new ArrayList<>();
              Map<Integer, RejectionReason> expectedRejected = new TreeMap<>();
              for (int i = 0; i < kinds.size(); i++) {
                Generators.MessageKind kind = kinds.get(i);
                String marker = "msg-" + i;
                parts.add(kind.json(marker));
                if (kind.reason() == null) {
                  expectedStored.add(marker);
                } else {
                  expectedRejected.put(i, kind.reason());
                }
              }

              server
                  .withKey()
                  .body("{\"batch\":[" + String.join(",", parts) + "]}")
                  .post("/v1/batch")
                  .then()
                  .statusCode(200);

              List<String> stored = new ArrayList<>();
              for (StoredEvent event :
                  server.segment().events(EventQuery.all().withLimit(1_000)).events()) {
                stored.add(event.messageId());
              }
              Map<Integer, RejectionReason> rejected = new TreeMap<>();
              for (RejectedMessage message :
                  server.segment().rejected(EventQuery.all().withLimit(1_000)).rejected()) {
                assertThat(rejected.put(message.index(), message.reason())).isNull();
                assertThat(message.messageId()).startsWith("msg-" + message.index());
              }
              assertThat(stored).isEqualTo(expectedStored);
              assertThat(rejected).isEqualTo(expectedRejected);
            });
  }
}
