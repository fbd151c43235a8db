package dev.assay.trainer.evaluation;

import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.training.LabeledText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Evaluates a classifier on labelled texts. A label the model does not know counts as a miss of its
 * class (support, recall) rather than being skipped, so that evaluating on the wrong file shows.
 */
public final class ClassifierEvaluator {
  static final int ECE_BINS = 15;
  private static final int BATCH = 256;

  public ClassifierReport evaluate(ClassifierScorer scorer, List<LabeledText> examples) {
    List<String> labels = scorer.labels();
    int n = examples.size();
    double[][] probabilities = probabilities(scorer, examples);
    int[] truth = new int[n];
    String[] predicted = new String[n];
    for (int i = 0; i < n; i++) {
      truth[i] = labels.indexOf(examples.get(i).label());
      predicted[i] = labels.get(argMax(probabilities[i]));
    }
    TreeSet<String> classes = new TreeSet<>();
    examples.forEach(e -> classes.add(e.label()));
    classes.addAll(List.of(predicted));
    Map<String, ClassifierReport.ClassMetrics> perClass = new LinkedHashMap<>();
    long right = 0;
    double f1Sum = 0;
    for (String label : classes) {
      int truePositives = 0;
      int support = 0;
      int predictedCount = 0;
      for (int i = 0; i < n; i++) {
        boolean isLabel = examples.get(i).label().equals(label);
        boolean saysLabel = predicted[i].equals(label);
        support += isLabel ? 1 : 0;
        predictedCount += saysLabel ? 1 : 0;
        truePositives += isLabel && saysLabel ? 1 : 0;
      }
      right += truePositives;
      double precision = predictedCount == 0 ? 0 : (double) truePositives / predictedCount;
      double recall = support == 0 ? 0 : (double) truePositives / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      f1Sum += f1;
      perClass.put(label, new ClassifierReport.ClassMetrics(precision, recall, f1, support));
    }
    return new ClassifierReport(n, n == 0 ? 0 : (double) right / n, classes.isEmpty() ? 0 : f1Sum / classes.size(),
        expectedCalibrationError(probabilities, truth), perClass);
  }

  /** The most probable class of each example, in order: the item-level outcome for paired comparisons. */
  public static String[] predictions(ClassifierScorer scorer, List<LabeledText> examples) {
    double[][] probabilities = probabilities(scorer, examples);
    String[] predicted = new String[probabilities.length];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = scorer.labels().get(argMax(probabilities[i]));
    }
    return predicted;
  }

  private static double[][] probabilities(ClassifierScorer scorer, List<LabeledText> examples) {
    int n = examples.size();
    double[][] probabilities = new double[n][];
    for (int from = 0; from < n; from += BATCH) {
      List<String> texts = examples.subList(from, Math.min(from + BATCH, n)).stream().map(LabeledText::text).toList();
      double[][] batch = scorer.probabilities(texts);
      System.arraycopy(batch, 0, probabilities, from, batch.length);
    }
    return probabilities;
  }

  /**
   * Top-label expected calibration error (Guo et al. 2017): the confidence of a prediction is its
   * highest probability, right when that class is the true one ({@code truth} -1: never right);
   * {@code Σ_bins (n_b / N) · |accuracy_b - mean confidence_b|} over equal-width bins.
   */
  public static double expectedCalibrationError(double[][] probabilities, int[] truth) {
    int n = probabilities.length;
    if (n == 0) {
      return 0;
    }
    double[] confidence = new double[ECE_BINS];
    double[] correct = new double[ECE_BINS];
    int[] counts = new int[ECE_BINS];
    for (int i = 0; i < n; i++) {
      int top = argMax(probabilities[i]);
      double p = probabilities[i][top];
      int bin = Math.min((int) (p * ECE_BINS), ECE_BINS - 1);
      counts[bin]++;
      confidence[bin] += p;
      correct[bin] += top == truth[i] ? 1 : 0;
    }
    double ece = 0;
    for (int b = 0; b < ECE_BINS; b++) {
      if (counts[b] > 0) {
        ece += Math.abs(correct[b] - confidence[b]) / n;
      }
    }
    return ece;
  }

  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** The probabilities of many rows of logits at one temperature. */
  public static double[][] softmax(double[][] logits, double temperature) {
    List<double[]> rows = new ArrayList<>(logits.length);
    for (double[] row : logits) {
      rows.add(ClassifierScorer.softmax(row, temperature));
    }
    return rows.toArray(double[][]::new);
  }
}
