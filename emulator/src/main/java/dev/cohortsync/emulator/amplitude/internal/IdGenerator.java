package dev.cohortsync.emulator.amplitude.internal;

import java.util.SplittableRandom;
import java.util.function.Predicate;

/** Generates cohort and request ids in Amplitude's shapes. Not thread-safe. */
final class IdGenerator {

  private static final String LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String MIXED_ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final SplittableRandom random;

  IdGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Returns an unused cohort id: a digit 1-9 then 6 lower-case letters or digits, like 26umsb5. */
  String cohortId(Predicate<String> taken) {
    String id;
    do {
      StringBuilder sb = new StringBuilder(7);
      sb.append((char) ('1' + random.nextInt(9)));
      append(sb, LOWER_ALPHANUMERIC, 6);
      id = sb.toString();
    } while (taken.test(id));
    return id;
  }

  /** Returns an unused request id: 6 mixed-case letters or digits, like qfaZya. */
  String requestId(Predicate<String> taken) {
    String id;
    do {
      StringBuilder sb = new StringBuilder(6);
      append(sb, MIXED_ALPHANUMERIC, 6);
      id = sb.toString();
    } while (taken.test(id));
    return id;
  }

  private void append(StringBuilder sb, String alphabet, int count) {
    for (int i = 0; i < count; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
  }
}
