package dev.assay.labeling.quality.api;

import dev.assay.labeling.quality.RaterStats;

/**
 * One rater's quality in one campaign (see {@link RaterStats} for how each figure is computed):
 * agreement with the majority and with gold, time per judgement, too-fast share, position bias.
 */
public record RaterStatsView(
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
    String pauseReason) {

  public static RaterStatsView of(RaterStats s) {
    return new RaterStatsView(s.rater(), s.judgements(), s.goldJudgements(), s.goldAccuracy(),
        s.majorityComparable(), s.majorityAgreement(), s.medianTimeMs(), s.tooFastShare(), s.leftShare(), s.paused(),
        s.pauseReason());
  }
}
