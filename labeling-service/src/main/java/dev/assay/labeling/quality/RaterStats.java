package dev.assay.labeling.quality;

/**
 * One rater's quality in one campaign.
 *
 * @param majorityAgreement share of the rater's choices equal to the other raters' unique modal choice
 *     on the same comparison (over {@code majorityComparable} comparisons)
 * @param leftShare share of left picks among the rater's left/right choices (position bias: 0.5 is none)
 * @param tooFastShare share of submits faster than {@code assay.labeling.quality.too-fast}
 */
public record RaterStats(
    String rater,
    int judgements,
    int goldJudgements,
    Double goldAccuracy,
    int majorityComparable,
    Double majorityAgreement,
    Long medianTimeMs,
    Double tooFastShare,
    Double leftShare,
    boolean paused,
    String pauseReason) {}
