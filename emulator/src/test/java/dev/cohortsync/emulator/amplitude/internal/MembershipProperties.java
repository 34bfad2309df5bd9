package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MembershipProperties {

  @Test
  void plusMatchesSetUnion() {
    qt().withExamples(300)
        .forAll(Generators.amplitudeIdArrays(), Generators.amplitudeIdArrays())
        .checkAssert(
            (start, added) -> {
              TreeSet<Long> expected = toSet(start);
              expected.addAll(toSet(added));

              Membership result =
                  Membership.of(start).plus(Membership.sortedDistinct(added.clone()));

              assertThat(result.stream().boxed().toList()).containsExactlyElementsOf(expected);
            });
  }

  @Test
  void minusMatchesSetDifference() {
    qt().withExamples(300)
        .forAll(Generators.amplitudeIdArrays(), Generators.amplitudeIdArrays())
        .checkAssert(
            (start, removed) -> {
              TreeSet<Long> expected = toSet(start);
              expected.removeAll(toSet(removed));

              Membership result =
                  Membership.of(start).minus(Membership.sortedDistinct(removed.clone()));

              assertThat(result.stream().boxed().toList()).containsExactlyElementsOf(expected);
            });
  }

  @Test
  void containsAgreesWithTheIdsGiven() {
    qt().withExamples(300)
        .forAll(Generators.amplitudeIdArrays())
        .checkAssert(
            ids -> {
              Membership members = Membership.of(ids);
              TreeSet<Long> expected = toSet(ids);

              for (long id = 0; id <= 41; id++) {
                assertThat(members.contains(id)).as("contains(%d)", id).isEqualTo(expected.contains(id));
              }
            });
  }

  private static TreeSet<Long> toSet(long[] ids) {
    return Arrays.stream(ids).boxed().collect(Collectors.toCollection(TreeSet::new));
  }
}
