package dev.assay.trainer.run;

import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.training.TrainingConfig;
import java.util.Locale;

/**
 * What a run must satisfy before it is queued: a featurizer spec that parses, finite optimiser settings in
 * sane ranges, and a memory estimate the machine can hold. A worker would otherwise fail on it (or try
 * to allocate terabytes) long after the 201.
 */
final class RunLimits {
  /** Bytes per weight: the weight, its gradient and Adam's two moments, as float32. */
  private static final long BYTES_PER_WEIGHT = 16;

  /** Bytes per feature of a pair in a batch: both sides, float32, on the heap and again as NDArrays. */
  private static final long BYTES_PER_PAIR_FEATURE = 16;

  private RunLimits() {}

  /** @throws ProblemException 422 naming the field to change */
  static void check(TrainingConfig config, long maxBytes) {
    long dimension;
    try {
      dimension = Featurizers.dimension(config.featurizer());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("featurizer", e.getMessage());
    }
    requireFinite("learningRate", config.learningRate(), 1e-7, 1);
    requireFinite("weightDecay", config.weightDecay(), 0, 1);
    requireFinite("centeringCoefficient", config.centeringCoefficient(), 0, 10);

    double weights = (double) BYTES_PER_WEIGHT * weights(dimension, config.hiddenSize());
    double batch = (double) BYTES_PER_PAIR_FEATURE * config.batchSize() * dimension;
    if (weights + batch > maxBytes) {
      // Name what to shrink: a featurizer too wide for even a linear head, else the larger of the two terms.
      String field = BYTES_PER_WEIGHT * dimension > maxBytes / 2 ? "featurizer"
          : batch > weights ? "batchSize" : "hiddenSize";
      throw ProblemException.invalid(field, String.format(Locale.ROOT,
          "featurizer %s (%d features) with hiddenSize %d and batchSize %d needs about %s; the limit is %s",
          config.featurizer(), dimension, config.hiddenSize(), config.batchSize(), size(weights + batch),
          size(maxBytes)));
    }
  }

  /** The head's weights: dimension x hidden, the hidden biases and output weights, the output bias. */
  private static double weights(long dimension, int hiddenSize) {
    return hiddenSize == 0 ? dimension + 1.0 : (double) dimension * hiddenSize + 2.0 * hiddenSize + 1;
  }

  private static void requireFinite(String field, float value, double min, double max) {
    if (!Float.isFinite(value) || value < min || value > max) {
      throw ProblemException.invalid(field, field + " must be a number from " + min + " to " + max + " but was " + value);
    }
  }

  private static String size(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", bytes, units[unit]);
  }
}
