package dev.cohortsync.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one sync does: which cohorts of which Amplitude project go to which Segment source, how
 * often, and under which trait key.
 *
 * @param id unique name of the sync: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -};
 *     delivery state and run history are kept under it
 * @param cohortIds Amplitude cohort ids to sync; an empty list means every cohort of the project
 *     that is not archived, read again at each run
 * @param cadence how often the sync runs
 * @param traitKeyTemplate the trait key written for each cohort
 * @param renamePolicy what happens to the old trait key when a cohort's key changes
 */
public record SyncDefinition(
    String id,
    AmplitudeSource source,
    SegmentTarget target,
    List<String> cohortIds,
    Cadence cadence,
    TraitKeyTemplate traitKeyTemplate,
    RenamePolicy renamePolicy) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public SyncDefinition {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "sync id \"" + id + "\" is invalid; use 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Objects.requireNonNull(source, "source must not be null; pass an AmplitudeSource");
    Objects.requireNonNull(target, "target must not be null; pass a SegmentTarget");
    Objects.requireNonNull(cohortIds, "cohortIds must not be null; pass an empty list to sync every cohort");
    cohortIds = List.copyOf(cohortIds);
    Set<String> seen = new HashSet<>();
    for (String cohortId : cohortIds) {
      if (cohortId.isBlank() || cohortId.length() > 200) {
        throw new IllegalArgumentException(
            "cohort id \"" + cohortId + "\" is invalid; pass the id shown in Amplitude, such as 26umsb5");
      }
      if (!seen.add(cohortId)) {
        throw new IllegalArgumentException("cohort id \"" + cohortId + "\" is listed twice; list each cohort once");
      }
    }
    Objects.requireNonNull(cadence, "cadence must not be null; pass for example Cadence.DAILY");
    Objects.requireNonNull(traitKeyTemplate, "traitKeyTemplate must not be null; pass TraitKeyTemplate.DEFAULT");
    Objects.requireNonNull(renamePolicy, "renamePolicy must not be null; pass RenamePolicy.KEEP_OLD_KEY");
  }

  /**
   * Starts a definition with the defaults: every cohort, {@link Cadence#ONE_TIME},
   * {@link TraitKeyTemplate#DEFAULT} and {@link RenamePolicy#KEEP_OLD_KEY}.
   */
  public static Builder builder(String id, AmplitudeSource source, SegmentTarget target) {
    return new Builder(id, source, target);
  }

  /** Whether the sync reads the cohort list at every run instead of a fixed list of ids. */
  public boolean allCohorts() {
    return cohortIds.isEmpty();
  }

  /** Fills in the optional parts of a {@link SyncDefinition}. */
  public static final class Builder {
    private final String id;
    private final AmplitudeSource source;
    private final SegmentTarget target;
    private List<String> cohortIds = List.of();
    private Cadence cadence = Cadence.ONE_TIME;
    private TraitKeyTemplate traitKeyTemplate = TraitKeyTemplate.DEFAULT;
    private RenamePolicy renamePolicy = RenamePolicy.KEEP_OLD_KEY;

    private Builder(String id, AmplitudeSource source, SegmentTarget target) {
      this.id = id;
      this.source = source;
      this.target = target;
    }

    public Builder cohortIds(List<String> cohortIds) {
      this.cohortIds = cohortIds;
      return this;
    }

    public Builder cohortIds(String... cohortIds) {
      return cohortIds(List.of(cohortIds));
    }

    public Builder cadence(Cadence cadence) {
      this.cadence = cadence;
      return this;
    }

    public Builder traitKeyTemplate(TraitKeyTemplate traitKeyTemplate) {
      this.traitKeyTemplate = traitKeyTemplate;
      return this;
    }

    public Builder traitKeyTemplate(String pattern) {
      return traitKeyTemplate(new TraitKeyTemplate(pattern));
    }

    public Builder renamePolicy(RenamePolicy renamePolicy) {
      this.renamePolicy = renamePolicy;
      return this;
    }

    public SyncDefinition build() {
      return new SyncDefinition(id, source, target, cohortIds, cadence, traitKeyTemplate, renamePolicy);
    }
  }
}
