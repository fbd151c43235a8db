package dev.assay.trainer.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch achieved, under TRL's names: {@code loss}, {@code accuracy}, {@code margin},
 * {@code mean_reward}, {@code std_reward}, {@code min_reward}, {@code max_reward}, and the same with
 * an {@code eval_} prefix on the validation set when there is one.
 *
 * @param epoch 1-based epoch number
 * @param metrics metric name to value, in the order above
 * @param seconds wall time of the epoch including validation
 */
public record EpochMetrics(int epoch, Map<String, Double> metrics, double seconds) {

  public EpochMetrics {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The loss early stopping watches: validation loss when validated, else training loss. */
  public double monitoredLoss() {
    return metrics.getOrDefault("eval_loss", metrics.get("loss"));
  }
}
