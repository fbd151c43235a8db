package dev.assay.trainer.model;

/**
 * A model's judgement of a pair (A, B). For a reward model {@code tie} is 0 and {@code aBetter} is
 * Bradley-Terry's σ(r_a - r_b); for a preference model the three come from Davidson's tie model.
 *
 * @param rewardA raw reward of response A
 * @param rewardB raw reward of response B
 * @param aBetter P(A preferred)
 * @param tie P(tie)
 * @param bBetter P(B preferred)
 */
public record PairPrediction(double rewardA, double rewardB, double aBetter, double tie, double bBetter) {

  /** Davidson's probabilities for reward difference {@code r_a - r_b}; θ null means no ties. */
  static PairPrediction of(double rewardA, double rewardB, Double tieLogit) {
    double half = (rewardA - rewardB) / 2;
    double theta = tieLogit == null ? Double.NEGATIVE_INFINITY : tieLogit;
    double max = Math.max(Math.abs(half), theta);
    double a = Math.exp(half - max);
    double t = Math.exp(theta - max);
    double b = Math.exp(-half - max);
    double z = a + t + b;
    return new PairPrediction(rewardA, rewardB, a / z, t / z, b / z);
  }

  /** P(A better) among the decisive outcomes: σ(r_a - r_b) for both kinds of model. */
  public double aBetterIfDecided() {
    return aBetter / (aBetter + bBetter);
  }
}
