package dev.assay.guardrail.monitoring.stats;

/**
 * An exponentially weighted moving average and variance of a rate, window by window: {@code mean += a * d},
 * {@code variance = (1 - a) * (variance + a * d^2)} with {@code d = x - mean} (Finch 2009). A rate that stays
 * high becomes the mean, so only a change from the recent level stands out.
 */
public final class Ewma {
  private final double alpha;
  private double mean;
  private double variance;
  private int updates;

  public Ewma(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1] but was " + alpha);
    }
    this.alpha = alpha;
  }

  public void update(double x) {
    if (updates++ == 0) {
      mean = x;
      return;
    }
    double difference = x - mean;
    mean += alpha * difference;
    variance = (1 - alpha) * (variance + alpha * difference * difference);
  }

  public double mean() {
    return mean;
  }

  public double variance() {
    return variance;
  }

  public int updates() {
    return updates;
  }

  /**
   * How many standard deviations a rate of {@code events / trials} lies above the mean. The deviation counts
   * the spread the average has shown and the binomial noise of {@code trials} at the mean (held inside
   * {@code [1 / trials, 1 - 1 / trials]}), so a small window or a mean of 0 does not turn one event into an alarm.
   */
  public double zScore(long events, long trials) {
    if (trials == 0) {
      return 0;
    }
    double rate = (double) events / trials;
    double p = trials < 2 ? 0.5 : Math.clamp(mean, 1.0 / trials, 1 - 1.0 / trials);
    double sampling = p * (1 - p) / trials;
    return (rate - mean) / Math.sqrt(variance + sampling);
  }
}
