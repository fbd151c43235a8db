package dev.assay.guardrail.policy;

import java.util.Arrays;

/**
 * Picks a guardrail threshold from labelled scores for a target false-positive rate.
 *
 * <p>A response is flagged when its score is strictly below the threshold. A false positive is a
 * good response flagged; a true positive a bad one flagged. For a target rate α over n good scores
 * sorted ascending, the threshold is the (⌊α·n⌋+1)-th smallest good score: at most ⌊α·n⌋ good scores
 * lie strictly below it, so the achieved FPR never exceeds the target (it is lower when good scores
 * tie at the threshold). The report gives precision and recall of "bad" at that threshold.
 */
public final class ThresholdCalibration {
  private ThresholdCalibration() {}

  /**
   * @param threshold flag when score &lt; threshold
   * @param targetFpr the false-positive rate asked for
   * @param fpr good responses flagged / good responses
   * @param precision bad flagged / all flagged (1 when nothing is flagged)
   * @param recall bad flagged / bad responses
   * @param nGood good responses
   * @param nBad bad responses
   * @param n all responses
   */
  public record Report(
      double threshold, double targetFpr, double fpr, double precision, double recall, int truePositives,
      int falsePositives, int nGood, int nBad, int n) {}

  public static Report calibrate(double[] good, double[] bad, double targetFpr) {
    if (!(targetFpr >= 0 && targetFpr < 1)) {
      throw new IllegalArgumentException("targetFpr must be in [0, 1)");
    }
    if (good.length == 0 || bad.length == 0) {
      throw new IllegalArgumentException("calibration needs good and bad examples (got " + good.length + " good, "
          + bad.length + " bad)");
    }
    double[] sorted = good.clone();
    Arrays.sort(sorted);
    int allowed = (int) Math.floor(targetFpr * sorted.length + 1e-9);
    double threshold = sorted[Math.min(allowed, sorted.length - 1)];
    if (allowed >= sorted.length) {
      threshold = Math.nextUp(sorted[sorted.length - 1]);
    }
    return evaluate(good, bad, threshold, targetFpr);
  }

  /** The report of a given threshold on labelled scores. */
  public static Report evaluate(double[] good, double[] bad, double threshold, double targetFpr) {
    int falsePositives = (int) Arrays.stream(good).filter(s -> s < threshold).count();
    int truePositives = (int) Arrays.stream(bad).filter(s -> s < threshold).count();
    int flagged = truePositives + falsePositives;
    return new Report(threshold, targetFpr, (double) falsePositives / good.length,
        flagged == 0 ? 1.0 : (double) truePositives / flagged, (double) truePositives / bad.length,
        truePositives, falsePositives, good.length, bad.length, good.length + bad.length);
  }
}
