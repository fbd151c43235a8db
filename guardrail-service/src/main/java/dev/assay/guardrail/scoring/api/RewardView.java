package dev.assay.guardrail.scoring.api;

import dev.assay.trainer.model.Reward;

/**
 * The score of one response: {@code raw} is the head's output (only differences between responses
 * mean anything); {@code normalized} is its z-score against the training responses' rewards.
 */
public record RewardView(double raw, double normalized) {
  public static RewardView of(Reward reward) {
    return new RewardView(reward.raw(), reward.normalized());
  }
}
