package dev.assay.trainer.evaluation;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * 95% intervals for what an evaluation measures: Wilson's score interval for a share, a seeded percentile
 * bootstrap for any statistic of a sample (the same seed gives the same interval, so stored results and
 * tests are reproducible).
 */
public final class ConfidenceIntervals {
  /** The normal quantile of a two-sided 95% interval. */
  private static final double Z95 = 1.959963984540054;

  private ConfidenceIntervals() {}

  /** A closed interval; both ends NaN when it is undefined (no data). */
  public record Interval(double lower, double upper) {
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public boolean contains(double value) {
      return value >= lower && value <= upper;
    }
  }

  /**
   * Wilson's score interval for {@code successes} out of {@code trials} (Wilson 1927): unlike the normal
   * approximation it stays within [0, 1] and is not degenerate at 0 or n successes.
   */
  public static Interval wilson(long successes, long trials) {
    if (trials <= 0) {
      return Interval.UNDEFINED;
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
    }
    double p = (double) successes / trials;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / trials;
    double centre = (p + z2 / (2.0 * trials)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
    // exact at the ends, where the formula gives 0 and 1 up to rounding
    return new Interval(successes == 0 ? 0 : centre - half, successes == trials ? 1 : centre + half);
  }

  /**
   * The percentile bootstrap (Efron): {@code rounds} resamples of {@code size} items drawn with replacement,
   * the statistic computed on each (it is given the drawn item indices), and the 2.5th and 97.5th
   * percentiles of the results. Resamples on which the statistic is undefined (NaN) are left out.
   */
  public static Interval bootstrap(int size, ToDoubleFunction<int[]> statistic, int rounds, long seed) {
    if (size <= 0 || rounds <= 0) {
      return Interval.UNDEFINED;
    }
    Random random = new Random(seed);
    double[] results = new double[rounds];
    int defined = 0;
    int[] drawn = new int[size];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < size; i++) {
        drawn[i] = random.nextInt(size);
      }
      double value = statistic.applyAsDouble(drawn);
      if (!Double.isNaN(value)) {
        results[defined++] = value;
      }
    }
    if (defined == 0) {
      return Interval.UNDEFINED;
    }
    double[] sorted = Arrays.copyOf(results, defined);
    Arrays.sort(sorted);
    return new Interval(percentile(sorted, 0.025), percentile(sorted, 0.975));
  }

  /** Linear interpolation between the closest ranks of a sorted array. */
  private static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
