package dev.assay.trainer.evaluation;

/**
 * One measured figure with, when it is a share of {@code n} items, its 95% interval.
 *
 * @param n what the share was measured on (null for a figure that is not a share)
 * @param low the interval's lower end (null when there is none)
 * @param high the interval's upper end (null when there is none)
 */
public record Estimate(String name, double value, Long n, Double low, Double high) {
  /** A figure without an interval. */
  public static Estimate plain(String name, double value) {
    return new Estimate(name, value, null, null, null);
  }

  /** A share of {@code n} items with Wilson's interval; without one when nothing was measured. */
  public static Estimate proportion(String name, double share, long n) {
    if (n <= 0) {
      return plain(name, share);
    }
    long successes = Math.clamp(Math.round(share * n), 0, n);
    ConfidenceIntervals.Interval interval = ConfidenceIntervals.wilson(successes, n);
    return new Estimate(name, share, n, interval.lower(), interval.upper());
  }

  /** A figure with a bootstrap interval over {@code n} items. */
  public static Estimate withInterval(String name, double value, long n, ConfidenceIntervals.Interval interval) {
    return Double.isNaN(interval.lower()) ? new Estimate(name, value, n, null, null)
        : new Estimate(name, value, n, interval.lower(), interval.upper());
  }
}
