package dev.assay.trainer.training;

import dev.assay.trainer.model.ClassifierScorer;

/**
 * Temperature scaling (Guo et al. 2017): the single T > 0 minimising the negative log-likelihood of
 * softmax(logits / T) on held-out examples. It changes no prediction, only how sure they are. The NLL
 * is convex in 1/T, so a golden-section search over log T finds the minimum.
 */
final class TemperatureScaling {
  private static final double LOG_MIN = Math.log(0.05);
  private static final double LOG_MAX = Math.log(20);
  private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

  private TemperatureScaling() {}

  /** @param truth class index per row; rows with -1 (a label the model lacks) are ignored */
  static double fit(double[][] logits, int[] truth) {
    double low = LOG_MIN;
    double high = LOG_MAX;
    double a = high - GOLDEN * (high - low);
    double b = low + GOLDEN * (high - low);
    double fa = nll(logits, truth, Math.exp(a));
    double fb = nll(logits, truth, Math.exp(b));
    for (int i = 0; i < 60; i++) {
      if (fa <= fb) {
        high = b;
        b = a;
        fb = fa;
        a = high - GOLDEN * (high - low);
        fa = nll(logits, truth, Math.exp(a));
      } else {
        low = a;
        a = b;
        fa = fb;
        b = low + GOLDEN * (high - low);
        fb = nll(logits, truth, Math.exp(b));
      }
    }
    return Math.exp((low + high) / 2);
  }

  static double nll(double[][] logits, int[] truth, double temperature) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < logits.length; i++) {
      if (truth[i] >= 0) {
        sum -= Math.log(Math.max(ClassifierScorer.softmax(logits[i], temperature)[truth[i]], 1e-300));
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }
}
