package dev.assay.store.snapshot;

import java.util.List;

/**
 * Which preferences a snapshot freezes and how it splits them.
 *
 * @param datasets dataset names whose imported preferences are included
 * @param campaigns campaign ids whose human judgements are included
 * @param sources preference sources to keep (HUMAN, AI_JUDGE, IMPORTED, ADJUDICATED; HUMAN keeps
 *     adjudications too); empty keeps all
 * @param excludeFlagged drop judgements that carry any flag
 * @param includeTies keep ties (a preference model learns from them; a reward model ignores them)
 * @param includeBothBad keep "both bad" judgements
 * @param validationFraction share of prompts in the validation split ({@link #DEFAULT_VALIDATION_FRACTION}
 *     when a client leaves it out)
 * @param testFraction share of prompts in the test split ({@link #DEFAULT_TEST_FRACTION} when a client leaves it
 *     out: the promotion gate evaluates on it, and refuses a model it has no data for)
 * @param judgements for a campaign's comparisons a reviewer adjudicated: the adjudicated label in place
 *     of the raters' judgements (default), or the raw judgements
 */
public record SnapshotFilter(
    List<String> datasets,
    List<Long> campaigns,
    List<String> sources,
    boolean excludeFlagged,
    boolean includeTies,
    boolean includeBothBad,
    double validationFraction,
    double testFraction,
    Judgements judgements) {

  /** The validation share when none is given. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  /** The test share when none is given: what the promotion gate evaluates a model on. */
  public static final double DEFAULT_TEST_FRACTION = 0.1;

  /** Which of a campaign's preferences stand for a comparison a reviewer settled. */
  public enum Judgements {
    /** The reviewer's adjudicated label replaces the raters' judgements of that comparison. */
    ADJUDICATED,
    /** Every rater's judgement, as submitted; adjudications are left out. */
    RAW
  }

  public SnapshotFilter {
    judgements = judgements == null ? Judgements.ADJUDICATED : judgements;
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public static SnapshotFilter ofDatasets(List<String> datasets) {
    return new SnapshotFilter(datasets, List.of(), List.of(), false, true, false, DEFAULT_VALIDATION_FRACTION,
        DEFAULT_TEST_FRACTION, Judgements.ADJUDICATED);
  }

  public static SnapshotFilter ofCampaigns(List<Long> campaigns) {
    return new SnapshotFilter(List.of(), campaigns, List.of(), false, true, false, DEFAULT_VALIDATION_FRACTION,
        DEFAULT_TEST_FRACTION, Judgements.ADJUDICATED);
  }
}
