package dev.assay.trainer.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * How a model does on held-out pairs; written into {@code model.json} and printed by the CLI.
 *
 * @param pairs pairs evaluated, ties included
 * @param ties pairs judged a tie; they count in {@code pairs} but not in any accuracy
 * @param accuracy share of non-tie pairs where the chosen response got the higher reward
 * @param ece expected calibration error (10 bins, top-label) of σ(r_chosen - r_rejected) on non-tie
 *     pairs
 * @param logLoss mean negative log-likelihood of the observed outcomes: three-way (Davidson) over all
 *     pairs for a preference model, of σ(r_chosen - r_rejected) over non-tie pairs for a reward model
 * @param swappedAccuracy accuracy with the responses fed in the other order (B, A): a position-biased
 *     model differs from {@code accuracy}; a reward model scores each response alone, so it matches
 * @param accuracyBySource accuracy per source (dataset or subset name)
 * @param accuracyByCriterion accuracy per judging criterion, for pairs that name one
 * @param lengthPearson Pearson correlation of reward with response length (characters) over all
 *     evaluated responses
 * @param lengthSpearman Spearman correlation of the same
 * @param lengthBiasWarning whether |Spearman| or |Pearson| exceeds the configured threshold: the
 *     model may be rewarding length rather than quality
 * @param tieCalibration calibration of P(tie), for a preference model only (else null)
 * @param dropped records left out before evaluation, by reason
 */
@JsonPropertyOrder({"pairs", "ties", "accuracy", "ece"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationReport(
    int pairs,
    int ties,
    double accuracy,
    double ece,
    double logLoss,
    double swappedAccuracy,
    Map<String, Double> accuracyBySource,
    Map<String, Double> accuracyByCriterion,
    double lengthPearson,
    double lengthSpearman,
    boolean lengthBiasWarning,
    TieCalibration tieCalibration,
    Map<String, Long> dropped) {

  /**
   * Whether the predicted tie probability matches how often ties happen, and separates them.
   *
   * @param observedRate share of pairs judged a tie
   * @param meanPredicted mean P(tie) over all pairs (calibrated when close to {@code observedRate})
   * @param meanPredictedOnTies mean P(tie) over the tie pairs
   * @param meanPredictedOnDecided mean P(tie) over the other pairs
   */
  public record TieCalibration(
      double observedRate, double meanPredicted, double meanPredictedOnTies, double meanPredictedOnDecided) {}
}
