package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MembershipTest {

  @Test
  void ofSortsAndDropsDuplicates() {
    Membership members = Membership.of(5, 3, 5, 1);

    assertThat(members.toArray()).containsExactly(1, 3, 5);
  }

  @Test
  void ofDoesNotChangeItsArgument() {
    long[] ids = {3, 1};

    Membership.of(ids);

    assertThat(ids).containsExactly(3, 1);
  }

  @Test
  void plusMergesWithoutDuplicates() {
    Membership members = Membership.of(1, 3, 5).plus(new long[] {2, 3, 9});

    assertThat(members.toArray()).containsExactly(1, 2, 3, 5, 9);
  }

  @Test
  void minusDropsOnlyListedIds() {
    Membership members = Membership.of(1, 3, 5, 7).minus(new long[] {0, 3, 7, 8});

    assertThat(members.toArray()).containsExactly(1, 5);
  }

  @Test
  void editsLeaveTheOriginalUnchanged() {
    Membership original = Membership.of(1, 2);

    original.plus(new long[] {3});
    original.minus(new long[] {1});

    assertThat(original.toArray()).containsExactly(1, 2);
  }

  @Test
  void containsFindsMembersOnly() {
    Membership members = Membership.of(10, 20);

    assertThat(members.contains(20)).isTrue();
    assertThat(members.contains(15)).isFalse();
  }

  @Test
  void sortedDistinctHandlesEmptyInput() {
    assertThat(Membership.sortedDistinct(new long[0])).isEmpty();
  }
}
