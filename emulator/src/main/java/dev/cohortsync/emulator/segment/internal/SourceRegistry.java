package dev.cohortsync.emulator.segment.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The write keys registered as sources. */
final class SourceRegistry {

  private final Set<String> writeKeys = ConcurrentHashMap.newKeySet();

  /** Registers a key; returns false when it was registered already. */
  boolean register(String writeKey) {
    return writeKeys.add(writeKey);
  }

  /** Removes a key; returns false when it was not registered. */
  boolean remove(String writeKey) {
    return writeKeys.remove(writeKey);
  }

  boolean contains(String writeKey) {
    return writeKeys.contains(writeKey);
  }

  /** Returns the registered keys, sorted. */
  List<String> all() {
    return writeKeys.stream().sorted().toList();
  }

  int size() {
    return writeKeys.size();
  }

  void clear() {
    writeKeys.clear();
  }
}
