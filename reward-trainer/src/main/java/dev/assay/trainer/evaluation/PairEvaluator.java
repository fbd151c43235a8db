package dev.assay.trainer.evaluation;

import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.PairPrediction;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingPair;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a saved model on held-out pairs ({@link EvaluationReport}). Every pair is scored twice,
 * in both orders, through the same {@link RewardScorer#compare} a caller would use.
 */
public final class PairEvaluator {
  /** |correlation| of reward with length above which the report warns of length bias. */
  public static final double DEFAULT_LENGTH_BIAS_THRESHOLD = 0.3;

  private static final int CALIBRATION_BINS = 10;
  private static final double EPSILON = 1e-12;

  private final double lengthBiasThreshold;

  public PairEvaluator() {
    this(DEFAULT_LENGTH_BIAS_THRESHOLD);
  }

  public PairEvaluator(double lengthBiasThreshold) {
    this.lengthBiasThreshold = lengthBiasThreshold;
  }

  public EvaluationReport evaluate(RewardScorer scorer, PairSet set) {
    boolean preference = scorer.manifest().kind() == ModelKind.PREFERENCE;
    List<TrainingPair> pairs = set.pairs();
    int ties = (int) set.ties();
    int decided = pairs.size() - ties;
    double[] confidences = new double[decided];
    double[] lengths = new double[2 * pairs.size()];
    double[] rewards = new double[2 * pairs.size()];
    Accuracy overall = new Accuracy();
    Accuracy swapped = new Accuracy();
    Map<String, Accuracy> bySource = new TreeMap<>();
    Map<String, Accuracy> byCriterion = new TreeMap<>();
    double logLoss = 0;
    double tieOnTies = 0;
    double tieOnDecided = 0;
    int d = 0;
    for (int i = 0; i < pairs.size(); i++) {
      TrainingPair pair = pairs.get(i);
      PairPrediction prediction = scorer.compare(pair.prompt(), pair.chosen(), pair.rejected());
      lengths[2 * i] = pair.chosen().length();
      lengths[2 * i + 1] = pair.rejected().length();
      rewards[2 * i] = prediction.rewardA();
      rewards[2 * i + 1] = prediction.rewardB();
      if (pair.tie()) {
        tieOnTies += prediction.tie();
        logLoss += preference ? -Math.log(prediction.tie() + EPSILON) : 0;
        continue;
      }
      tieOnDecided += prediction.tie();
      boolean correct = prediction.rewardA() > prediction.rewardB();
      overall.add(correct);
      bySource.computeIfAbsent(pair.source(), s -> new Accuracy()).add(correct);
      if (pair.criterion() != null) {
        byCriterion.computeIfAbsent(pair.criterion(), c -> new Accuracy()).add(correct);
      }
      PairPrediction reversed = scorer.compare(pair.prompt(), pair.rejected(), pair.chosen());
      swapped.add(reversed.rewardB() > reversed.rewardA());
      confidences[d++] = prediction.aBetterIfDecided();
      logLoss -= Math.log((preference ? prediction.aBetter() : prediction.aBetterIfDecided()) + EPSILON);
    }
    // Undefined when every reward or every length is the same: no association to report, so 0.
    double pearson = orZero(Statistics.pearson(rewards, lengths));
    double spearman = orZero(Statistics.spearman(rewards, lengths));
    int logLossCount = preference ? pairs.size() : decided;
    return new EvaluationReport(
        pairs.size(),
        ties,
        overall.value(),
        decided == 0 ? 0 : Statistics.expectedCalibrationError(confidences, CALIBRATION_BINS),
        logLossCount == 0 ? 0 : logLoss / logLossCount,
        swapped.value(),
        values(bySource),
        values(byCriterion),
        pearson,
        spearman,
        Math.max(Math.abs(pearson), Math.abs(spearman)) > lengthBiasThreshold,
        preference
            ? new EvaluationReport.TieCalibration(
                pairs.isEmpty() ? 0 : (double) ties / pairs.size(),
                pairs.isEmpty() ? 0 : (tieOnTies + tieOnDecided) / pairs.size(),
                ties == 0 ? 0 : tieOnTies / ties,
                decided == 0 ? 0 : tieOnDecided / decided)
            : null,
        set.dropped());
  }

  /**
   * For each pair that is not a tie, in order, whether the chosen response got the higher reward: the
   * item-level outcome {@link EvaluationReport#accuracy()} averages, for paired comparisons of two models.
   */
  public static boolean[] correctness(RewardScorer scorer, PairSet set) {
    List<TrainingPair> decided = set.pairs().stream().filter(p -> !p.tie()).toList();
    boolean[] correct = new boolean[decided.size()];
    for (int i = 0; i < correct.length; i++) {
      TrainingPair pair = decided.get(i);
      PairPrediction prediction = scorer.compare(pair.prompt(), pair.chosen(), pair.rejected());
      correct[i] = prediction.rewardA() > prediction.rewardB();
    }
    return correct;
  }

  /** The figures behind the report ({@link EvaluationFigures}), from the decided pairs of the set. */
  public static EvaluationFigures figures(RewardScorer scorer, PairSet set) {
    List<EvaluationFigures.PairOutcome> outcomes = set.pairs().stream().filter(p -> !p.tie()).map(pair -> {
      PairPrediction prediction = scorer.compare(pair.prompt(), pair.chosen(), pair.rejected());
      return new EvaluationFigures.PairOutcome(pair.source(), prediction.aBetterIfDecided(), prediction.rewardA(),
          prediction.rewardB(), pair.chosen().length(), pair.rejected().length());
    }).toList();
    return EvaluationFigures.of(outcomes);
  }

  private static Map<String, Double> values(Map<String, Accuracy> accuracies) {
    Map<String, Double> values = new TreeMap<>();
    accuracies.forEach((key, accuracy) -> values.put(key, accuracy.value()));
    return values;
  }

  /** A running share of correct judgements. */
  private static final class Accuracy {
    private int correct;
    private int total;

    void add(boolean isCorrect) {
      correct += isCorrect ? 1 : 0;
      total++;
    }

    double value() {
      return total == 0 ? 0 : (double) correct / total;
    }
  }

  private static double orZero(double correlation) {
    return Double.isNaN(correlation) ? 0 : correlation;
  }
}
