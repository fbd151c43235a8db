package dev.assay.guardrail.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

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

  /** Precision and recall of "bad" when flagging below {@code threshold}. */
  public record CurvePoint(double threshold, double precision, double recall) {}

  /**
   * The precision/recall curve over thresholds drawn from the scores themselves, lowest threshold first (recall
   * rising): every distinct score, thinned evenly to at most {@code maxPoints}, and one above the highest score
   * (everything flagged). Precision is 1 where nothing is flagged, as in {@link Report}.
   */
  public static List<CurvePoint> curve(double[] good, double[] bad, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("a curve needs at least 2 points");
    }
    double[] sortedGood = good.clone();
    double[] sortedBad = bad.clone();
    Arrays.sort(sortedGood);
    Arrays.sort(sortedBad);
    double[] thresholds = DoubleStream.concat(Arrays.stream(good), Arrays.stream(bad)).sorted().distinct().toArray();
    List<CurvePoint> curve = new ArrayList<>();
    int steps = Math.min(thresholds.length, maxPoints - 1);
    for (int i = 0; i < steps; i++) {
      curve.add(point(sortedGood, sortedBad, thresholds[(int) ((long) i * (thresholds.length - 1) / Math.max(1,
          steps - 1))]));
    }
    curve.add(point(sortedGood, sortedBad, Math.nextUp(thresholds[thresholds.length - 1])));
    return curve;
  }

  private static CurvePoint point(double[] sortedGood, double[] sortedBad, double threshold) {
    int falsePositives = below(sortedGood, threshold);
    int truePositives = below(sortedBad, threshold);
    int flagged = truePositives + falsePositives;
    return new CurvePoint(threshold, flagged == 0 ? 1.0 : (double) truePositives / flagged,
        sortedBad.length == 0 ? 0 : (double) truePositives / sortedBad.length);
  }

  /** How many of the sorted values lie strictly below {@code threshold}. */
  private static int below(double[] sorted, double threshold) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sorted[middle] < threshold) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
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
