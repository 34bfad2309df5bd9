package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.emulator.time.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeAmplitudeTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final String KEY = "key-1";

  private final VirtualClock clock = VirtualClock.frozenAt(START);
  private final FakeAmplitude amplitude = new FakeAmplitude(new AmplitudeSettings(), clock);

  FakeAmplitudeTest() {
    amplitude.createProject(new AmplitudeProject("Demo", 153957, KEY, "secret-1", Region.US));
  }

  @Nested
  class Projects {

    @Test
    void rejectsDuplicateApiKey() {
      assertThatThrownBy(
              () -> amplitude.createProject(new AmplitudeProject("B", 2, KEY, "s", Region.US)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("api key");
    }

    @Test
    void rejectsDuplicateAppId() {
      assertThatThrownBy(
              () -> amplitude.createProject(new AmplitudeProject("B", 153957, "k2", "s", Region.US)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("153957");
    }

    @Test
    void reportsUnknownApiKey() {
      assertThatThrownBy(() -> amplitude.createCohort("nope", CohortSpec.named("x")))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("nope");
    }

    @Test
    void keepsProjectsApart() {
      amplitude.createProject(new AmplitudeProject("Other", 2, "key-2", "s", Region.EU));
      amplitude.createCohort(KEY, new CohortSpec("26umsb5", "Mine", null, List.of(), true));

      assertThat(amplitude.cohorts("key-2")).isEmpty();
      assertThat(amplitude.createCohort("key-2", new CohortSpec("26umsb5", "Same id", null, List.of(), true)))
          .isEqualTo("26umsb5");
    }

    @Test
    void resetDropsEverything() {
      amplitude.reset();

      assertThat(amplitude.projects()).isEmpty();
    }
  }

  @Nested
  class Cohorts {

    @Test
    void generatesIdsInAmplitudesShape() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("Power Users"));

      assertThat(id).matches("[1-9][a-z0-9]{6}");
    }

    @Test
    void startsNeverComputed() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("Power Users"));

      CohortInfo cohort = amplitude.cohort(KEY, id);

      assertThat(cohort.size()).isNull();
      assertThat(cohort.lastComputed()).isNull();
      assertThat(cohort.createdAt()).isEqualTo(START);
    }

    @Test
    void rejectsDuplicateId() {
      amplitude.createCohort(KEY, new CohortSpec("abc123", "A", null, List.of(), true));

      assertThatThrownBy(
              () -> amplitude.createCohort(KEY, new CohortSpec("abc123", "B", null, List.of(), true)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("abc123");
    }

    @Test
    void setMembersMarksComputedNow() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("C"));
      clock.advance(Duration.ofMinutes(5));

      amplitude.setMembers(KEY, id, List.of(3L, 1L, 3L));

      CohortInfo cohort = amplitude.cohort(KEY, id);
      assertThat(cohort.size()).isEqualTo(2);
      assertThat(cohort.lastComputed()).isEqualTo(START.plus(Duration.ofMinutes(5)));
      assertThat(cohort.lastMod()).isEqualTo(START.plus(Duration.ofMinutes(5)));
      assertThat(amplitude.members(KEY, id)).containsExactly(1, 3);
    }

    @Test
    void setMembersToNothingGivesComputedEmptyCohort() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("C"));

      amplitude.setMembers(KEY, id, List.of());

      assertThat(amplitude.cohort(KEY, id).size()).isZero();
      assertThat(amplitude.cohort(KEY, id).lastComputed()).isEqualTo(START);
    }

    @Test
    void addAndRemoveEditMembership() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("C"));
      amplitude.setMembers(KEY, id, List.of(1L, 2L));

      amplitude.addMembers(KEY, id, List.of(3L, 2L));
      amplitude.removeMembers(KEY, id, List.of(1L, 99L));

      assertThat(amplitude.members(KEY, id)).containsExactly(2, 3);
    }

    @Test
    void acceptsLargeGeneratedMembership() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("Big"));

      amplitude.setMembers(KEY, id, LongStream.rangeClosed(1, 300_000).map(i -> 300_001 - i));

      long[] members = amplitude.members(KEY, id);
      assertThat(members).hasSize(300_000);
      assertThat(members[0]).isEqualTo(1);
      assertThat(members[299_999]).isEqualTo(300_000);
    }

    @Test
    void rejectsNullAndNonPositiveIdsWithoutChange() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("C"));
      amplitude.setMembers(KEY, id, List.of(5L));
      List<Long> withNull = new ArrayList<>(Arrays.asList(1L, null));

      assertThatThrownBy(() -> amplitude.setMembers(KEY, id, withNull))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("amplitudeIds[1]");
      assertThatThrownBy(() -> amplitude.addMembers(KEY, id, List.of(0L)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("amplitudeIds[0]");
      assertThat(amplitude.members(KEY, id)).containsExactly(5);
    }

    @Test
    void renameChangesNameAndLastModOnly() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("Old"));
      clock.advance(Duration.ofHours(1));

      amplitude.renameCohort(KEY, id, "New");

      CohortInfo cohort = amplitude.cohort(KEY, id);
      assertThat(cohort.name()).isEqualTo("New");
      assertThat(cohort.lastMod()).isEqualTo(START.plus(Duration.ofHours(1)));
      assertThat(cohort.lastComputed()).isNull();
    }

    @Test
    void archiveAndUnarchiveFlipTheFlag() {
      String id = amplitude.createCohort(KEY, CohortSpec.named("C"));

      amplitude.archiveCohort(KEY, id);
      boolean archived = amplitude.cohort(KEY, id).archived();
      amplitude.unarchiveCohort(KEY, id);

      assertThat(archived).isTrue();
      assertThat(amplitude.cohort(KEY, id).archived()).isFalse();
    }

    @Test
    void reportsUnknownCohort() {
      assertThatThrownBy(() -> amplitude.renameCohort(KEY, "nosuch1", "x"))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("nosuch1");
    }
  }

  @Nested
  class Users {

    @Test
    void replacesUserByAmplitudeId() {
      amplitude.upsertUsers(KEY, List.of(new AmplitudeUser(1, null, Map.of("a", "1"))));

      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(1, "later")));

      assertThat(amplitude.user(KEY, 1).orElseThrow().userId()).isEqualTo("later");
      assertThat(amplitude.user(KEY, 1).orElseThrow().properties()).isEmpty();
    }

    @Test
    void rejectsUserIdOwnedByAnotherAmplitudeId() {
      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(1, "u1")));

      assertThatThrownBy(() -> amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(2, "u1"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("u1");
    }

    @Test
    void allowsSwappingUserIdsInOneCall() {
      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(1, "u1"), AmplitudeUser.of(2, "u2")));

      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(1, "u2"), AmplitudeUser.of(2, "u1")));

      assertThat(amplitude.user(KEY, 1).orElseThrow().userId()).isEqualTo("u2");
      assertThat(amplitude.user(KEY, 2).orElseThrow().userId()).isEqualTo("u1");
    }

    @Test
    void rejectsWholeBatchOnConflict() {
      amplitude.upsertUsers(KEY, List.of(AmplitudeUser.of(1, "u1")));

      assertThatThrownBy(
              () ->
                  amplitude.upsertUsers(
                      KEY, List.of(AmplitudeUser.of(3, "u3"), AmplitudeUser.of(4, "u1"))))
          .isInstanceOf(IllegalStateException.class);

      assertThat(amplitude.user(KEY, 3)).isEmpty();
      assertThat(amplitude.user(KEY, 4)).isEmpty();
    }
  }

  @Nested
  class ExportJobs {

    @Test
    void listsNoJobsForNewProject() {
      assertThat(amplitude.exportJobs(KEY)).isEmpty();
    }
  }
}
