package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.CohortInfo;
import dev.cohortsync.emulator.amplitude.CohortSync;
import java.time.Instant;
import java.util.List;

/**
 * One version of a cohort. Every change creates a new version, so a reader can render or export
 * it without holding a lock.
 *
 * @param definition Amplitude's internal cohort definition, stored as given and never mutated
 * @param lastComputed null until the members are first set, which also makes {@link #size()} null
 */
public record Cohort(
    String id,
    String name,
    String description,
    List<String> owners,
    List<String> viewers,
    boolean published,
    boolean archived,
    String type,
    ObjectNode definition,
    Instant createdAt,
    Instant lastMod,
    Instant lastComputed,
    Membership members,
    List<CohortSync> syncs) {

  public Cohort {
    owners = List.copyOf(owners);
    viewers = List.copyOf(viewers);
    syncs = List.copyOf(syncs);
  }

  public boolean computed() {
    return lastComputed != null;
  }

  /** Returns the member count, or null if the cohort was never computed. */
  public Integer size() {
    return computed() ? members.size() : null;
  }

  Cohort withMembers(Membership newMembers, Instant now) {
    return new Cohort(
        id, name, description, owners, viewers, published, archived, type, definition, createdAt,
        now, now, newMembers, syncs);
  }

  Cohort withName(String newName, Instant now) {
    return new Cohort(
        id, newName, description, owners, viewers, published, archived, type, definition,
        createdAt, now, lastComputed, members, syncs);
  }

  Cohort withPublished(boolean newPublished, Instant now) {
    return new Cohort(
        id, name, description, owners, viewers, newPublished, archived, type, definition,
        createdAt, now, lastComputed, members, syncs);
  }

  Cohort withArchived(boolean newArchived, Instant now) {
    return new Cohort(
        id, name, description, owners, viewers, published, newArchived, type, definition,
        createdAt, now, lastComputed, members, syncs);
  }

  /** Replaces the sync list; this is destination configuration, so {@code lastMod} stays. */
  Cohort withSyncs(List<CohortSync> newSyncs) {
    return new Cohort(
        id, name, description, owners, viewers, published, archived, type, definition, createdAt,
        lastMod, lastComputed, members, newSyncs);
  }

  public CohortInfo info() {
    return new CohortInfo(
        id, name, description, owners, published, archived, size(), lastComputed, createdAt,
        lastMod, syncs);
  }
}
