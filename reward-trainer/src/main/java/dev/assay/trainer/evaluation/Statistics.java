package dev.assay.trainer.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/** The statistics evaluation and the leaderboard share. */
public final class Statistics {
  private Statistics() {}

  /**
   * Expected calibration error of a binary prediction in its top-label form (Guo et al. 2017): each
   * prediction's confidence is {@code max(p, 1 - p)} and it is right when {@code p > 0.5};
   * {@code Σ_bins (n_b / N) · |accuracy_b - mean confidence_b|} over equal-width bins of confidence.
   *
   * @param probabilities predicted probability that the outcome happened, for outcomes that all did
   */
  static double expectedCalibrationError(double[] probabilities, int bins) {
    double[] confidence = new double[bins];
    double[] correct = new double[bins];
    int[] counts = new int[bins];
    for (double p : probabilities) {
      double top = Math.max(p, 1 - p);
      int bin = Math.min((int) (top * bins), bins - 1);
      confidence[bin] += top;
      correct[bin] += p > 0.5 ? 1 : 0;
      counts[bin]++;
    }
    double error = 0;
    for (int b = 0; b < bins; b++) {
      if (counts[b] > 0) {
        error += Math.abs(correct[b] - confidence[b]) / probabilities.length;
      }
    }
    return error;
  }

  /** Pearson's correlation; NaN when it is undefined (fewer than two items, or a constant side). */
  public static double pearson(double[] x, double[] y) {
    if (x.length < 2) {
      return Double.NaN;
    }
    double meanX = Arrays.stream(x).average().orElse(0);
    double meanY = Arrays.stream(y).average().orElse(0);
    double covariance = 0;
    double varianceX = 0;
    double varianceY = 0;
    for (int i = 0; i < x.length; i++) {
      covariance += (x[i] - meanX) * (y[i] - meanY);
      varianceX += (x[i] - meanX) * (x[i] - meanX);
      varianceY += (y[i] - meanY) * (y[i] - meanY);
    }
    return varianceX == 0 || varianceY == 0 ? Double.NaN : covariance / Math.sqrt(varianceX * varianceY);
  }

  /** Spearman's correlation: Pearson's on ranks, ties sharing their average rank; NaN when undefined. */
  public static double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  /**
   * Kendall's tau-b: (concordant - discordant) pairs over the square root of the pairs untied in x times those
   * untied in y, so ties in either ranking do not count for or against; NaN when either is constant.
   */
  public static double kendall(double[] x, double[] y) {
    long concordant = 0;
    long discordant = 0;
    long tiedX = 0;
    long tiedY = 0;
    long pairs = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        int dx = Double.compare(x[i], x[j]);
        int dy = Double.compare(y[i], y[j]);
        pairs++;
        if (dx == 0) {
          tiedX++;
        }
        if (dy == 0) {
          tiedY++;
        }
        if (dx != 0 && dy != 0) {
          if (dx == dy) {
            concordant++;
          } else {
            discordant++;
          }
        }
      }
    }
    double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
    return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
  }

  private static double[] ranks(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int i = start; i <= end; i++) {
        ranks[order[i]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /**
   * One-sided paired bootstrap for a regression beyond a tolerance: two models scored on the same
   * {@code items}, each resample drawn with replacement from those items and both metrics recomputed on
   * it. Returns {@code (1 + #{resamples with metric(candidate) - metric(baseline) >= -tolerance}) / (1 +
   * resamples)}: below a significance level α, the upper one-sided (1 - α) bound of the difference is
   * under {@code -tolerance}, so a regression that large is not explained by which items happened to be
   * drawn. Seeded, so the same inputs give the same answer.
   *
   * @param candidate the candidate's metric on the items at the given indices (repeats allowed)
   * @param baseline production's metric on the same indices
   */
  public static double regressionPValue(
      int items, ToDoubleFunction<int[]> candidate, ToDoubleFunction<int[]> baseline, double tolerance,
      int resamples, long seed) {
    if (items == 0) {
      return 1;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] sample = new int[items];
    int withinTolerance = 0;
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < items; i++) {
        sample[i] = random.nextInt(items);
      }
      if (candidate.applyAsDouble(sample) - baseline.applyAsDouble(sample) >= -tolerance) {
        withinTolerance++;
      }
    }
    return (1.0 + withinTolerance) / (1.0 + resamples);
  }

  /** The share of {@code correct} that is true at the given indices (repeats count again). */
  public static double accuracyAt(boolean[] correct, int[] indices) {
    int right = 0;
    for (int i : indices) {
      right += correct[i] ? 1 : 0;
    }
    return indices.length == 0 ? 0 : (double) right / indices.length;
  }

  /**
   * Macro F1 at the given indices: the unweighted mean F1 over every class that occurs there as truth or
   * prediction, as {@link ClassifierEvaluator} computes it.
   */
  public static double macroF1At(String[] truth, String[] predicted, int[] indices) {
    Map<String, int[]> counts = new HashMap<>();
    for (int i : indices) {
      int[] t = counts.computeIfAbsent(truth[i], k -> new int[3]);
      int[] p = counts.computeIfAbsent(predicted[i], k -> new int[3]);
      t[1]++;
      p[2]++;
      if (truth[i].equals(predicted[i])) {
        t[0]++;
      }
    }
    double sum = 0;
    for (int[] c : counts.values()) {
      double precision = c[2] == 0 ? 0 : (double) c[0] / c[2];
      double recall = c[1] == 0 ? 0 : (double) c[0] / c[1];
      sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }
    return counts.isEmpty() ? 0 : sum / counts.size();
  }
}
