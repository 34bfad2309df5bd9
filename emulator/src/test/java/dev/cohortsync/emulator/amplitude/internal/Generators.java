package dev.cohortsync.emulator.amplitude.internal;

import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.core.Gen;

/** QuickTheories generators for the fake Amplitude's internals. */
final class Generators {

  private Generators() {}

  /**
   * Arrays of up to 60 Amplitude ids drawn from a small range, so that overlaps and duplicates
   * between two generated arrays are common.
   */
  static Gen<long[]> amplitudeIdArrays() {
    return lists()
        .of(longs().between(1, 40))
        .ofSizeBetween(0, 60)
        .map(ids -> ids.stream().mapToLong(Long::longValue).toArray());
  }
}
