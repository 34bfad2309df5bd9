package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.amplitude.internal.Checks;
import java.util.List;

/**
 * A cohort to create. The new cohort has no members and counts as never computed
 * ({@code size} and {@code lastComputed} are null) until its members are first set.
 *
 * @param id cohort id such as {@code 26umsb5}; null generates one in Amplitude's shape
 * @param name display name, also part of the Segment trait key
 * @param description free text, may be null
 * @param owners owner logins, usually e-mail addresses; null means none
 * @param published whether the cohort is discoverable by other users of the project
 * @throws IllegalArgumentException naming the invalid field, its value and the fix
 */
public record CohortSpec(
    String id, String name, String description, List<String> owners, boolean published) {

  public CohortSpec {
    Checks.optionalCohortId("id", id);
    Checks.name("name", name);
    owners = Checks.textList("owners", owners);
  }

  /** Creates a published cohort with a generated id, no description and no owners. */
  public static CohortSpec named(String name) {
    return new CohortSpec(null, name, null, List.of(), true);
  }
}
