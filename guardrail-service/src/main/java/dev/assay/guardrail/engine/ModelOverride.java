package dev.assay.guardrail.engine;

import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.trainer.model.RewardScorer;

/**
 * A model a policy runs with in place of the production one, to test a candidate before it is promoted:
 * either a classifier (its checks naming {@link ServedClassifier#name()} use it) or the reward model (every
 * reward check uses it). Production, and what other requests are served with, is untouched.
 *
 * @param classifier the candidate classifier, or null
 * @param rewardVersion the candidate reward model's version, as traces name it; null with no reward override
 * @param reward the candidate reward model, or null
 */
public record ModelOverride(ServedClassifier classifier, String rewardVersion, RewardScorer reward) {

  public static ModelOverride classifier(ServedClassifier classifier) {
    return new ModelOverride(classifier, null, null);
  }

  public static ModelOverride reward(String version, RewardScorer scorer) {
    return new ModelOverride(null, version, scorer);
  }
}
