package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import dev.assay.trainer.model.PairLoss;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Running sums over batches for TRL's logged metrics: {@code loss} (batch-size weighted),
 * {@code accuracy} (share of non-tie pairs with r_chosen > r_rejected), {@code margin} (mean
 * r_chosen - r_rejected over non-tie pairs) and {@code mean/std/min/max_reward} over all responses.
 * Not thread-safe; one instance per phase (training, validation).
 */
final class PairMetrics {
  private long pairs;
  private double lossSum;
  private long decided;
  private long correct;
  private double marginSum;
  private long rewards;
  private double rewardSum;
  private double rewardSquares;
  private double minReward = Double.POSITIVE_INFINITY;
  private double maxReward = Double.NEGATIVE_INFINITY;

  void add(NDList labels, NDList predictions, double batchLoss) {
    float[] tie = labels.get(PairLoss.TIE).toFloatArray();
    float[] rewardA = predictions.get(0).toFloatArray();
    float[] rewardB = predictions.get(1).toFloatArray();
    pairs += tie.length;
    lossSum += batchLoss * tie.length;
    for (int i = 0; i < tie.length; i++) {
      if (tie[i] == 0) {
        decided++;
        correct += rewardA[i] > rewardB[i] ? 1 : 0;
        marginSum += rewardA[i] - rewardB[i];
      }
      addReward(rewardA[i]);
      addReward(rewardB[i]);
    }
  }

  private void addReward(double reward) {
    rewards++;
    rewardSum += reward;
    rewardSquares += reward * reward;
    minReward = Math.min(minReward, reward);
    maxReward = Math.max(maxReward, reward);
  }

  boolean isEmpty() {
    return pairs == 0;
  }

  double loss() {
    return lossSum / Math.max(pairs, 1);
  }

  double accuracy() {
    return (double) correct / Math.max(decided, 1);
  }

  /** The metrics under TRL's names, each prefixed (e.g. "eval_"). */
  Map<String, Double> toMap(String prefix) {
    double mean = rewardSum / Math.max(rewards, 1);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(prefix + "loss", loss());
    metrics.put(prefix + "accuracy", accuracy());
    metrics.put(prefix + "margin", marginSum / Math.max(decided, 1));
    metrics.put(prefix + "mean_reward", mean);
    metrics.put(prefix + "std_reward", Math.sqrt(Math.max(rewardSquares / Math.max(rewards, 1) - mean * mean, 0)));
    metrics.put(prefix + "min_reward", minReward);
    metrics.put(prefix + "max_reward", maxReward);
    return metrics;
  }
}
