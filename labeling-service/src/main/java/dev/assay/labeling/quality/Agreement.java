package dev.assay.labeling.quality;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Inter-rater agreement coefficients.
 *
 * <p>Krippendorff's alpha follows K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011):
 * a coincidence matrix {@code o_ck} over pairable units (units with at least two values; missing values
 * are simply absent), {@code alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)} with the
 * squared difference {@code d_ck} of the chosen metric.
 *
 * <p>Fleiss' kappa (Fleiss 1971): {@code (P - Pe) / (1 - Pe)}. With a varying number of raters per
 * subject, each subject's agreement uses its own count ({@code P_i = (sum n_ij^2 - n_i) / (n_i (n_i - 1))})
 * and category shares are pooled over all ratings; with a constant count this is Fleiss' formula.
 */
public final class Agreement {
  private Agreement() {}

  /** The difference function. */
  public enum Metric {
    NOMINAL,
    ORDINAL,
    INTERVAL
  }

  /**
   * Krippendorff's alpha.
   *
   * @param units each unit's values (one per coder who coded it; missing values left out)
   * @return alpha, or NaN when there is no variation to measure against (fewer than two pairable values or
   *     a single value throughout)
   */
  public static double krippendorffAlpha(Collection<? extends Collection<Double>> units, Metric metric) {
    TreeSet<Double> distinct = new TreeSet<>();
    for (Collection<Double> unit : units) {
      if (unit.size() >= 2) {
        distinct.addAll(unit);
      }
    }
    List<Double> values = List.copyOf(distinct);
    int v = values.size();
    if (v == 0) {
      return Double.NaN;
    }
    Map<Double, Integer> index = new TreeMap<>();
    for (int i = 0; i < v; i++) {
      index.put(values.get(i), i);
    }
    double[][] o = new double[v][v];
    for (Collection<Double> unit : units) {
      int m = unit.size();
      if (m < 2) {
        continue;
      }
      int[] counts = new int[v];
      for (double value : unit) {
        counts[index.get(value)]++;
      }
      for (int c = 0; c < v; c++) {
        if (counts[c] == 0) {
          continue;
        }
        for (int k = 0; k < v; k++) {
          int pairs = c == k ? counts[c] * (counts[c] - 1) : counts[c] * counts[k];
          o[c][k] += pairs / (double) (m - 1);
        }
      }
    }
    double[] nc = new double[v];
    double n = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        nc[c] += o[c][k];
      }
      n += nc[c];
    }
    double observed = 0;
    double expected = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        double d = delta(metric, c, k, values, nc);
        observed += o[c][k] * d;
        expected += nc[c] * nc[k] * d;
      }
    }
    if (expected == 0) {
      return Double.NaN;
    }
    return 1 - (n - 1) * observed / expected;
  }

  private static double delta(Metric metric, int c, int k, List<Double> values, double[] nc) {
    if (c == k) {
      return 0;
    }
    return switch (metric) {
      case NOMINAL -> 1;
      case INTERVAL -> Math.pow(values.get(c) - values.get(k), 2);
      case ORDINAL -> {
        int lo = Math.min(c, k);
        int hi = Math.max(c, k);
        double sum = 0;
        for (int g = lo; g <= hi; g++) {
          sum += nc[g];
        }
        yield Math.pow(sum - (nc[c] + nc[k]) / 2, 2);
      }
    };
  }

  /**
   * Fleiss' kappa.
   *
   * @param counts {@code counts[i][j]}: how many raters put subject i into category j; subjects with
   *     fewer than two ratings are ignored
   * @return kappa, or NaN when undefined (no subject with two ratings, or all ratings in one category)
   */
  public static double fleissKappa(int[][] counts) {
    if (counts.length == 0) {
      return Double.NaN;
    }
    int categories = counts[0].length;
    double[] totals = new double[categories];
    double sumP = 0;
    double ratings = 0;
    int subjects = 0;
    for (int[] row : counts) {
      int ni = 0;
      long squares = 0;
      for (int count : row) {
        ni += count;
        squares += (long) count * count;
      }
      if (ni < 2) {
        continue;
      }
      subjects++;
      sumP += (squares - ni) / (double) (ni * (ni - 1));
      for (int j = 0; j < categories; j++) {
        totals[j] += row[j];
      }
      ratings += ni;
    }
    if (subjects == 0) {
      return Double.NaN;
    }
    double p = sumP / subjects;
    double pe = 0;
    for (double total : totals) {
      pe += Math.pow(total / ratings, 2);
    }
    return pe == 1 ? Double.NaN : (p - pe) / (1 - pe);
  }
}
