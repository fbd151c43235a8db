package dev.assay.guardrail.monitoring.stats;

/** Distances between two binned distributions of a score: a reference and the window under test. */
public final class DriftStatistics {
  /** Added to every bin before PSI: an empty bin would make its logarithm infinite. */
  static final double SMOOTHING = 0.5;

  private DriftStatistics() {}

  /**
   * The population stability index, {@code sum_i (c_i - r_i) * ln(c_i / r_i)} over the bins' shares
   * {@code r_i} (reference) and {@code c_i} (current), each count smoothed by {@value #SMOOTHING}. 0 for the
   * same distribution; about 0.1 is a small shift, 0.25 a large one.
   */
  public static double psi(long[] reference, long[] current) {
    return psi(shares(reference), shares(current));
  }

  /** PSI of two vectors of shares that are all positive and each sum to 1. */
  public static double psi(double[] reference, double[] current) {
    requireSameBins(reference.length, current.length);
    double sum = 0;
    for (int i = 0; i < reference.length; i++) {
      sum += (current[i] - reference[i]) * Math.log(current[i] / reference[i]);
    }
    return sum;
  }

  /**
   * The Kolmogorov-Smirnov statistic on the bins: the largest gap between the two cumulative distributions
   * at a bin edge (the exact statistic of the binned values; at most the one of the raw scores).
   */
  public static double ks(long[] reference, long[] current) {
    requireSameBins(reference.length, current.length);
    double referenceTotal = total(reference);
    double currentTotal = total(current);
    if (referenceTotal == 0 || currentTotal == 0) {
      return 0;
    }
    double referenceCumulative = 0;
    double currentCumulative = 0;
    double largest = 0;
    for (int i = 0; i < reference.length; i++) {
      referenceCumulative += reference[i];
      currentCumulative += current[i];
      largest = Math.max(largest, Math.abs(referenceCumulative / referenceTotal - currentCumulative / currentTotal));
    }
    return largest;
  }

  private static double[] shares(long[] counts) {
    double total = total(counts) + SMOOTHING * counts.length;
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = (counts[i] + SMOOTHING) / total;
    }
    return shares;
  }

  private static double total(long[] counts) {
    double total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  private static void requireSameBins(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException("distributions over " + a + " and " + b + " bins cannot be compared");
    }
  }
}
