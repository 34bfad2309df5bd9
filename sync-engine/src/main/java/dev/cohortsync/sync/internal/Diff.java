package dev.cohortsync.sync.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The changes that take a key's delivered state to the desired membership, computed by one merge
 * pass over two {@link SortedIds} and produced lazily, so millions of changes never sit in memory
 * at once.
 *
 * <p>State payloads pack {@code changeCount << 1 | isMember}. A desired id that is not a member
 * in the state becomes {@code true}; a state member that is not desired becomes {@code false};
 * everything else produces nothing.
 */
public final class Diff implements Iterator<Change> {

  private final SortedIds desired;
  private final SortedIds state;
  private int desiredIndex;
  private int stateIndex;
  private Change next;

  public Diff(SortedIds desired, SortedIds state) {
    this.desired = desired;
    this.state = state;
    advance();
  }

  /** Packs a member state row into a {@link SortedIds} payload. */
  public static int packState(boolean member, int changeCount) {
    return (changeCount << 1) | (member ? 1 : 0);
  }

  /** Counts the changes without keeping them. */
  public static long count(SortedIds desired, SortedIds state) {
    long changes = 0;
    for (Diff diff = new Diff(desired, state); diff.hasNext(); diff.next()) {
      changes++;
    }
    return changes;
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Change next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    Change result = next;
    advance();
    return result;
  }

  private void advance() {
    next = null;
    while (next == null && (desiredIndex < desired.size() || stateIndex < state.size())) {
      int cmp;
      if (desiredIndex >= desired.size()) {
        cmp = 1;
      } else if (stateIndex >= state.size()) {
        cmp = -1;
      } else {
        cmp = desired.compare(desiredIndex, state, stateIndex);
      }
      if (cmp < 0) {
        next = new Change(desired.id(desiredIndex), true, 0);
        desiredIndex++;
      } else if (cmp > 0) {
        int packed = state.payload(stateIndex);
        if ((packed & 1) == 1) {
          next = new Change(state.id(stateIndex), false, packed >>> 1);
        }
        stateIndex++;
      } else {
        int packed = state.payload(stateIndex);
        if ((packed & 1) == 0) {
          next = new Change(state.id(stateIndex), true, packed >>> 1);
        }
        desiredIndex++;
        stateIndex++;
      }
    }
  }
}
