package dev.assay.trainer.evaluation;

import java.util.Arrays;
import java.util.Comparator;
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
}
