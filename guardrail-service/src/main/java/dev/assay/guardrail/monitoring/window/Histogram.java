package dev.assay.guardrail.monitoring.window;

import java.util.Arrays;

/**
 * Counts of a score in {@link #BINS} equal bins over {@code [low, high]}; a value outside the range counts
 * in the first or last bin. Fixed bins make the windows of every replica add up bin by bin.
 */
public record Histogram(double low, double high, long[] counts) {
  public static final int BINS = 20;

  public static Histogram empty(double low, double high) {
    return new Histogram(low, high, new long[BINS]);
  }

  public long total() {
    return Arrays.stream(counts).sum();
  }

  /** A histogram over the same bins holding both counts. */
  public Histogram plus(Histogram other) {
    if (other.counts.length != counts.length || other.low != low || other.high != high) {
      throw new IllegalArgumentException("histograms over different bins cannot be added");
    }
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.counts[i];
    }
    return new Histogram(low, high, sum);
  }

  Histogram copy() {
    return new Histogram(low, high, counts.clone());
  }

  void add(double value) {
    int bin = (int) Math.floor((value - low) / (high - low) * counts.length);
    counts[Math.clamp(bin, 0, counts.length - 1)]++;
  }
}
