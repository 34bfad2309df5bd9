package dev.cohortsync.sync;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.cohortsync.sync.testing.FakeAmplitudeServer.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quicktheories.core.Gen;

/** Generators of membership histories for the sync properties. */
final class Generators {

  /** Amplitude ids a generated cohort draws from. */
  static final int AMPLITUDE_IDS = 10;

  private static final List<String> NAMES = List.of("Power Users", "Super Users", "Whales: EU/\"VIP\"");

  private Generators() {}

  /**
   * One export of a cohort: its name at that time and its rows, in export order.
   *
   * @param rows may repeat a member, and may hold members without a user_id
   */
  record Snapshot(String name, List<Row> rows) {

    /** Distinct user ids of members that have one: what the sync must deliver as true. */
    java.util.Set<String> userIds() {
      java.util.Set<String> ids = new java.util.TreeSet<>();
      for (Row row : rows) {
        if (!row.userId().isEmpty()) {
          ids.add(row.userId());
        }
      }
      return ids;
    }

    /** The same membership exported again: other row order and one more duplicate row. */
    Snapshot exportedAgain() {
      List<Row> again = new ArrayList<>(rows);
      java.util.Collections.reverse(again);
      if (!again.isEmpty()) {
        again.add(again.get(0));
      }
      return new Snapshot(name, again);
    }
  }

  /**
   * A snapshot: each Amplitude id is absent, present without a user_id, or present with one of two
   * user ids (so a member can gain, lose or change its user_id between snapshots). Ids 0 and 5
   * share user id {@code u0}, like two Amplitude profiles of one user, and some rows repeat.
   */
  static Gen<Snapshot> snapshots() {
    Gen<List<Integer>> states = lists().of(integers().between(0, 4)).ofSize(AMPLITUDE_IDS);
    Gen<Integer> names = integers().between(0, NAMES.size() - 1);
    Gen<Boolean> duplicate = booleans().all();
    return states.zip(names, duplicate, (memberStates, nameIndex, withDuplicate) -> {
      List<Row> rows = new ArrayList<>();
      for (int id = 0; id < AMPLITUDE_IDS; id++) {
        String amplitudeId = Long.toString(356_896_327_000L + id);
        String user = "u" + (id % 5);
        switch (memberStates.get(id)) {
          case 1 -> rows.add(Row.anonymous(amplitudeId));
          case 2 -> rows.add(new Row(amplitudeId, user));
          case 3 -> rows.add(new Row(amplitudeId, user + "-renamed ☃"));
          case 4 -> {
            rows.add(new Row(amplitudeId, user));
            rows.add(new Row(amplitudeId, user));
          }
          default -> { }
        }
      }
      if (withDuplicate && !rows.isEmpty()) {
        rows.add(rows.get(rows.size() / 2));
      }
      return new Snapshot(NAMES.get(nameIndex), rows);
    });
  }

  /** Sequences of one to five snapshots; the first one may well be empty. */
  static Gen<List<Snapshot>> histories() {
    return lists().of(snapshots()).ofSizeBetween(1, 5);
  }

  /** Expected identifies between two memberships: user id to value, for joins and leaves only. */
  static Map<String, Boolean> difference(java.util.Set<String> before, java.util.Set<String> after) {
    Map<String, Boolean> expected = new TreeMap<>();
    for (String user : after) {
      if (!before.contains(user)) {
        expected.put(user, true);
      }
    }
    for (String user : before) {
      if (!after.contains(user)) {
        expected.put(user, false);
      }
    }
    return expected;
  }

  /** A cohort with long, partly multi-byte user ids and name, to push messages and batches to their limits. */
  record LargeCohort(String name, List<String> userIds, int usersPerBatch) {}

  static Gen<LargeCohort> largeCohorts() {
    Gen<Integer> counts = integers().between(0, 60);
    Gen<Integer> lengths = integers().between(1, 40_000);
    Gen<Integer> nameLengths = integers().between(1, 3_000);
    Gen<Integer> batchSizes = integers().between(1, 40);
    return counts.zip(lengths, nameLengths, batchSizes, (count, length, nameLength, batchSize) -> {
      List<String> users = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // Lengths spread from a few bytes to past the 32 KB message limit; every third id is multi-byte.
        int userLength = Math.max(1, (int) ((long) length * (i + 1) / Math.max(1, count)));
        String unit = i % 3 == 0 ? "é" : "x";
        users.add(i + "-" + unit.repeat(userLength));
      }
      return new LargeCohort("Big " + "n".repeat(nameLength), users, batchSize);
    });
  }

  /** Segment answers to inject: success, retryable errors, dropped connections and rejections. */
  static Gen<List<dev.cohortsync.sync.testing.FakeSegmentServer.Reply>> faultSchedules() {
    List<dev.cohortsync.sync.testing.FakeSegmentServer.Reply> kinds = List.of(
        dev.cohortsync.sync.testing.FakeSegmentServer.Reply.ok(),
        dev.cohortsync.sync.testing.FakeSegmentServer.Reply.status(503),
        dev.cohortsync.sync.testing.FakeSegmentServer.Reply.status(429, "Retry-After", "3"),
        dev.cohortsync.sync.testing.FakeSegmentServer.Reply.dropAfterReading(),
        dev.cohortsync.sync.testing.FakeSegmentServer.Reply.status(400));
    return lists().of(integers().between(0, kinds.size() - 1).map(kinds::get)).ofSizeBetween(0, 8);
  }

  /** Last value per user of each trait key, from identifies in arrival order. */
  static Map<String, Map<String, Boolean>> lastValues(List<com.fasterxml.jackson.databind.JsonNode> identifies) {
    Map<String, Map<String, Boolean>> byKey = new LinkedHashMap<>();
    for (var identify : identifies) {
      identify.path("traits").fields().forEachRemaining(trait -> byKey
          .computeIfAbsent(trait.getKey(), key -> new TreeMap<>())
          .put(identify.path("userId").asText(), trait.getValue().asBoolean()));
    }
    return byKey;
  }
}
