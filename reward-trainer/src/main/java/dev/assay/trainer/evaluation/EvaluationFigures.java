package dev.assay.trainer.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the stored {@link EvaluationReport} summarises, as figures to compare models by: the reliability
 * diagram behind the ECE, the length bias as shares and as reward by response length, and per-source
 * accuracy with the number of pairs behind each share and its 95% interval. Measured on decided pairs (ties
 * say nothing about which response is better).
 *
 * @param pairs decided pairs the figures were measured on
 * @param reliability top-label confidence ({@code max(p, 1 - p)} of P(chosen better)) in five bins from 0.5
 *     to 1, each with its pairs, mean confidence and accuracy: a calibrated model lies on the diagonal
 * @param ece expected calibration error over those bins, with a seeded bootstrap interval
 * @param accuracy the share of pairs where the chosen response got the higher reward, with Wilson's interval
 * @param lengthBias how much the model's choices follow length, next to how much the raters' did
 * @param accuracyBySource accuracy per source, each with its interval
 */
public record EvaluationFigures(
    int pairs, List<ReliabilityBin> reliability, Estimate ece, Estimate accuracy, LengthBias lengthBias,
    List<Estimate> accuracyBySource) {

  static final int RELIABILITY_BINS = 5;
  static final int LENGTH_BINS = 5;
  private static final int BOOTSTRAP_ROUNDS = 1_000;
  private static final long BOOTSTRAP_SEED = 20261209L;

  /**
   * One decided pair as the model saw it.
   *
   * @param chosenProbability the model's P(chosen better | not a tie)
   */
  public record PairOutcome(
      String source, double chosenProbability, double chosenReward, double rejectedReward, int chosenLength,
      int rejectedLength) {
    boolean correct() {
      return chosenReward > rejectedReward;
    }
  }

  /** Pairs whose top-label confidence fell in [from, to); mean confidence and accuracy null when empty. */
  public record ReliabilityBin(double from, double to, int pairs, Double meanConfidence, Double accuracy) {}

  /**
   * @param modelPrefersLonger share of pairs with responses of different lengths where the model rewards the
   *     longer one higher
   * @param ratersPreferLonger share of the same pairs where the raters chose the longer one
   * @param rewardByLength responses in five equally filled length bins, with their mean reward standardised
   *     over every evaluated response (so models on different reward scales compare)
   */
  public record LengthBias(Estimate modelPrefersLonger, Estimate ratersPreferLonger, List<LengthBin> rewardByLength) {}

  /** Responses of {@code fromChars} to {@code toChars} characters and their mean standardised reward. */
  public record LengthBin(int fromChars, int toChars, int responses, double meanStandardisedReward) {}

  public static EvaluationFigures of(List<PairOutcome> outcomes) {
    int n = outcomes.size();
    double[] probabilities = outcomes.stream().mapToDouble(PairOutcome::chosenProbability).toArray();
    Estimate ece = n == 0 ? Estimate.plain("ece", 0)
        : Estimate.withInterval("ece", Statistics.expectedCalibrationError(probabilities, 2 * RELIABILITY_BINS), n,
            ConfidenceIntervals.bootstrap(n, drawn -> {
              double[] sample = new double[drawn.length];
              for (int i = 0; i < drawn.length; i++) {
                sample[i] = probabilities[drawn[i]];
              }
              return Statistics.expectedCalibrationError(sample, 2 * RELIABILITY_BINS);
            }, BOOTSTRAP_ROUNDS, BOOTSTRAP_SEED));
    long correct = outcomes.stream().filter(PairOutcome::correct).count();
    return new EvaluationFigures(n, reliability(outcomes), ece,
        Estimate.proportion("accuracy", n == 0 ? 0 : (double) correct / n, n), lengthBias(outcomes),
        bySource(outcomes));
  }

  private static List<ReliabilityBin> reliability(List<PairOutcome> outcomes) {
    double[] confidence = new double[RELIABILITY_BINS];
    int[] right = new int[RELIABILITY_BINS];
    int[] counts = new int[RELIABILITY_BINS];
    for (PairOutcome outcome : outcomes) {
      double p = outcome.chosenProbability();
      double top = Math.max(p, 1 - p);
      // the same bin edges as the ECE's ten bins over [0, 1], of which only the upper five can hold a top label
      int bin = Math.clamp((int) (top * 2 * RELIABILITY_BINS) - RELIABILITY_BINS, 0, RELIABILITY_BINS - 1);
      confidence[bin] += top;
      right[bin] += p > 0.5 ? 1 : 0;
      counts[bin]++;
    }
    List<ReliabilityBin> bins = new ArrayList<>();
    for (int b = 0; b < RELIABILITY_BINS; b++) {
      double from = 0.5 + b * 0.5 / RELIABILITY_BINS;
      bins.add(new ReliabilityBin(from, from + 0.5 / RELIABILITY_BINS, counts[b],
          counts[b] == 0 ? null : confidence[b] / counts[b], counts[b] == 0 ? null : (double) right[b] / counts[b]));
    }
    return bins;
  }

  private static LengthBias lengthBias(List<PairOutcome> outcomes) {
    int unequal = 0;
    int modelLonger = 0;
    int ratersLonger = 0;
    for (PairOutcome outcome : outcomes) {
      if (outcome.chosenLength() == outcome.rejectedLength()) {
        continue;
      }
      unequal++;
      boolean chosenLonger = outcome.chosenLength() > outcome.rejectedLength();
      ratersLonger += chosenLonger ? 1 : 0;
      double longerReward = chosenLonger ? outcome.chosenReward() : outcome.rejectedReward();
      double shorterReward = chosenLonger ? outcome.rejectedReward() : outcome.chosenReward();
      modelLonger += longerReward > shorterReward ? 1 : 0;
    }
    return new LengthBias(
        Estimate.proportion("model_prefers_longer", unequal == 0 ? 0 : (double) modelLonger / unequal, unequal),
        Estimate.proportion("raters_prefer_longer", unequal == 0 ? 0 : (double) ratersLonger / unequal, unequal),
        rewardByLength(outcomes));
  }

  private static List<LengthBin> rewardByLength(List<PairOutcome> outcomes) {
    int responses = 2 * outcomes.size();
    if (responses == 0) {
      return List.of();
    }
    int[] lengths = new int[responses];
    double[] rewards = new double[responses];
    for (int i = 0; i < outcomes.size(); i++) {
      PairOutcome outcome = outcomes.get(i);
      lengths[2 * i] = outcome.chosenLength();
      rewards[2 * i] = outcome.chosenReward();
      lengths[2 * i + 1] = outcome.rejectedLength();
      rewards[2 * i + 1] = outcome.rejectedReward();
    }
    double mean = Arrays.stream(rewards).average().orElse(0);
    double std = Math.sqrt(Arrays.stream(rewards).map(r -> (r - mean) * (r - mean)).sum() / responses);
    Integer[] order = new Integer[responses];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
    List<LengthBin> bins = new ArrayList<>();
    int binCount = Math.min(LENGTH_BINS, responses);
    for (int b = 0; b < binCount; b++) {
      int start = b * responses / binCount;
      int end = (b + 1) * responses / binCount;
      double sum = 0;
      for (int i = start; i < end; i++) {
        sum += std == 0 ? 0 : (rewards[order[i]] - mean) / std;
      }
      bins.add(new LengthBin(lengths[order[start]], lengths[order[end - 1]], end - start, sum / (end - start)));
    }
    return bins;
  }

  private static List<Estimate> bySource(List<PairOutcome> outcomes) {
    Map<String, int[]> counts = new TreeMap<>();
    for (PairOutcome outcome : outcomes) {
      int[] c = counts.computeIfAbsent(outcome.source() == null ? "unknown" : outcome.source(), s -> new int[2]);
      c[0] += outcome.correct() ? 1 : 0;
      c[1]++;
    }
    List<Estimate> accuracies = new ArrayList<>();
    counts.forEach((source, c) -> accuracies.add(Estimate.proportion(source, (double) c[0] / c[1], c[1])));
    return accuracies;
  }
}
