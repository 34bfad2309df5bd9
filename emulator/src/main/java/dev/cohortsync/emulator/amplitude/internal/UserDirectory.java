package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of one project, by Amplitude id and by user id. Not thread-safe: the owning
 * {@link ProjectState} guards it. Primitive-keyed maps keep a large directory compact.
 */
final class UserDirectory {

  /** First Amplitude id handed out to users created by ingestion, shaped like real ids. */
  static final long FIRST_GENERATED_AMPLITUDE_ID = 100_000_000_001L;

  private static final long ABSENT = 0L;

  private final Long2ObjectOpenHashMap<AmplitudeUser> byAmplitudeId = new Long2ObjectOpenHashMap<>();
  private final Object2LongOpenHashMap<String> byUserId = new Object2LongOpenHashMap<>();
  private final Object2LongOpenHashMap<String> byDeviceId = new Object2LongOpenHashMap<>();
  private long highestAmplitudeId;

  UserDirectory() {
    byUserId.defaultReturnValue(ABSENT);
    byDeviceId.defaultReturnValue(ABSENT);
  }

  int size() {
    return byAmplitudeId.size();
  }

  /** Returns the user, or null if the Amplitude id is unknown. */
  AmplitudeUser get(long amplitudeId) {
    return byAmplitudeId.get(amplitudeId);
  }

  /** Returns the Amplitude id of a user id, or 0 if unknown (real ids are positive). */
  long amplitudeIdOf(String userId) {
    return byUserId.getLong(userId);
  }

  long nextAmplitudeId() {
    return Math.max(highestAmplitudeId + 1, FIRST_GENERATED_AMPLITUDE_ID);
  }

  /**
   * Inserts or replaces users; a later entry for the same Amplitude id wins. Either every user is
   * stored or, on a conflict, none.
   *
   * @throws ConflictException if a user id would belong to two Amplitude ids afterwards
   */
  void upsert(Collection<AmplitudeUser> users) {
    Map<Long, AmplitudeUser> batch = new LinkedHashMap<>();
    for (AmplitudeUser user : users) {
      batch.put(user.amplitudeId(), user);
    }
    Map<String, Long> claimed = new HashMap<>();
    for (AmplitudeUser user : batch.values()) {
      String userId = user.userId();
      if (userId == null) {
        continue;
      }
      Long other = claimed.putIfAbsent(userId, user.amplitudeId());
      if (other != null) {
        throw duplicate(userId, other, user.amplitudeId());
      }
      long owner = byUserId.getLong(userId);
      boolean ownerKeepsIt =
          owner != ABSENT
              && owner != user.amplitudeId()
              && (!batch.containsKey(owner) || userId.equals(batch.get(owner).userId()));
      if (ownerKeepsIt) {
        throw duplicate(userId, owner, user.amplitudeId());
      }
    }
    for (AmplitudeUser user : batch.values()) {
      AmplitudeUser old = byAmplitudeId.get(user.amplitudeId());
      if (old != null && old.userId() != null && byUserId.getLong(old.userId()) == old.amplitudeId()) {
        byUserId.removeLong(old.userId());
      }
    }
    for (AmplitudeUser user : batch.values()) {
      byAmplitudeId.put(user.amplitudeId(), user);
      if (user.userId() != null) {
        byUserId.put(user.userId(), user.amplitudeId());
      }
      highestAmplitudeId = Math.max(highestAmplitudeId, user.amplitudeId());
    }
  }

  /**
   * Returns the Amplitude id an ingested event or identification belongs to, creating the user
   * when none matches. A known user id wins; otherwise a known device id does, and an anonymous
   * user reached through its device takes the event's user id. A device whose user already has a
   * different user id gets a new user, as Amplitude does when a non-null user id changes.
   */
  long resolveForIngestion(String userId, String deviceId) {
    if (userId != null) {
      long known = byUserId.getLong(userId);
      if (known != ABSENT) {
        if (deviceId != null) {
          byDeviceId.put(deviceId, known);
        }
        return known;
      }
    }
    if (deviceId != null) {
      long known = byDeviceId.getLong(deviceId);
      if (known != ABSENT) {
        AmplitudeUser user = byAmplitudeId.get(known);
        if (userId == null || userId.equals(user.userId())) {
          return known;
        }
        if (user.userId() == null) {
          upsert(List.of(new AmplitudeUser(known, userId, user.properties())));
          return known;
        }
      }
    }
    long created = nextAmplitudeId();
    upsert(List.of(new AmplitudeUser(created, userId, Map.of())));
    if (deviceId != null) {
      byDeviceId.put(deviceId, created);
    }
    return created;
  }

  /** Replaces the properties of a known user. */
  void setProperties(long amplitudeId, Map<String, String> properties) {
    AmplitudeUser user = byAmplitudeId.get(amplitudeId);
    byAmplitudeId.put(amplitudeId, new AmplitudeUser(amplitudeId, user.userId(), properties));
  }

  /** Lists users in ascending Amplitude id order, optionally only the one with {@code userId}. */
  List<AmplitudeUser> list(String userId, int offset, int limit) {
    if (userId != null) {
      long id = byUserId.getLong(userId);
      return id == ABSENT || offset > 0 ? List.of() : List.of(byAmplitudeId.get(id));
    }
    long[] ids = byAmplitudeId.keySet().toLongArray();
    Arrays.sort(ids);
    List<AmplitudeUser> page = new ArrayList<>();
    for (int i = offset; i < ids.length && page.size() < limit; i++) {
      page.add(byAmplitudeId.get(ids[i]));
    }
    return page;
  }

  private static ConflictException duplicate(String userId, long first, long second) {
    return new ConflictException(
        "user_id \"" + userId + "\" would belong to amplitude ids " + first + " and " + second,
        "give each user id to one amplitude id, or change both users in the same request");
  }
}
