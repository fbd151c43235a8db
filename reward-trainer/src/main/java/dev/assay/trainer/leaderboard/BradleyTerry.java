package dev.assay.trainer.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Bradley-Terry ratings as Chatbot Arena computes them: the maximum-likelihood fit of
 * P(i beats j) = σ(β_i − β_j) over all battles (a logistic regression without intercept on ±1 model
 * indicators), shown on the Elo scale: rating = 1000 + (400 / ln 10) · (β − β_anchor), so the anchor
 * model is rated 1000 and 400 points mean 10:1 odds. A tie counts as half a win for each side (the
 * Arena's duplicate-rows trick); both-bad judgements are dropped by the caller.
 *
 * <p>The fit is Newton's method on the aggregated win matrix with a tiny ridge (1e-6, only so that a
 * model that won or lost every battle gets a large but finite rating). Confidence intervals: the
 * battles are resampled with replacement {@code rounds} times with a fixed seed, each resample fitted,
 * and the 2.5th and 97.5th percentiles of each model's rating reported (the Arena's bootstrap).
 */
public final class BradleyTerry {
  public static final double SCALE = 400 / Math.log(10);
  public static final double ANCHOR_RATING = 1000;
  private static final double RIDGE = 1e-6;

  /** One battle between model indices a and b; {@code outcome} 1 = a won, 0 = b won, 0.5 = tie. */
  public record Battle(int a, int b, double outcome) {}

  /** A model's rating and 95% bootstrap interval. */
  public record Rating(double rating, double lower, double upper) {}

  private BradleyTerry() {}

  /** Elo-scaled ratings, one per model, the anchor at 1000. */
  public static double[] fit(int models, List<Battle> battles, int anchor) {
    double[][] wins = new double[models][models];
    for (Battle battle : battles) {
      wins[battle.a()][battle.b()] += battle.outcome();
      wins[battle.b()][battle.a()] += 1 - battle.outcome();
    }
    double[] beta = newton(wins, models);
    double[] ratings = new double[models];
    for (int i = 0; i < models; i++) {
      ratings[i] = ANCHOR_RATING + SCALE * (beta[i] - beta[anchor]);
    }
    return ratings;
  }

  /** Ratings with 95% intervals from {@code rounds} bootstrap resamples (seeded, so reproducible). */
  public static List<Rating> fitWithIntervals(int models, List<Battle> battles, int anchor, int rounds, long seed) {
    double[] point = fit(models, battles, anchor);
    double[][] samples = new double[models][rounds];
    Random random = new Random(seed);
    List<Battle> resample = new ArrayList<>(battles.size());
    for (int r = 0; r < rounds; r++) {
      resample.clear();
      for (int i = 0; i < battles.size(); i++) {
        resample.add(battles.get(random.nextInt(battles.size())));
      }
      double[] ratings = fit(models, resample, anchor);
      for (int m = 0; m < models; m++) {
        samples[m][r] = ratings[m];
      }
    }
    List<Rating> out = new ArrayList<>(models);
    for (int m = 0; m < models; m++) {
      double[] sorted = samples[m].clone();
      Arrays.sort(sorted);
      out.add(new Rating(point[m], percentile(sorted, 0.025), percentile(sorted, 0.975)));
    }
    return out;
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(low + 1, sorted.length - 1);
    return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
  }

  /** Maximises Σ w_ij log σ(β_i − β_j) − ridge/2 ‖β‖² by Newton's method. */
  private static double[] newton(double[][] wins, int n) {
    double[] beta = new double[n];
    for (int iteration = 0; iteration < 100; iteration++) {
      double[] gradient = new double[n];
      double[][] hessian = new double[n][n];
      for (int i = 0; i < n; i++) {
        gradient[i] -= RIDGE * beta[i];
        hessian[i][i] += RIDGE;
        for (int j = i + 1; j < n; j++) {
          double games = wins[i][j] + wins[j][i];
          if (games == 0) {
            continue;
          }
          double p = 1 / (1 + Math.exp(-(beta[i] - beta[j])));
          double g = wins[i][j] - games * p;
          gradient[i] += g;
          gradient[j] -= g;
          double h = games * p * (1 - p);
          hessian[i][i] += h;
          hessian[j][j] += h;
          hessian[i][j] -= h;
          hessian[j][i] -= h;
        }
      }
      double[] step = solve(hessian, gradient);
      double largest = 0;
      for (int i = 0; i < n; i++) {
        // Damped: at most 1 logit per step keeps near-separable data from overshooting.
        double s = Math.max(-1, Math.min(1, step[i]));
        beta[i] += s;
        largest = Math.max(largest, Math.abs(s));
      }
      if (largest < 1e-9) {
        break;
      }
    }
    return beta;
  }

  /** Gaussian elimination with partial pivoting; the matrix is symmetric positive definite. */
  private static double[] solve(double[][] matrix, double[] vector) {
    int n = vector.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = Arrays.copyOf(matrix[i], n + 1);
      a[i][n] = vector[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = a[row][col] / a[col][col];
        for (int k = col; k <= n; k++) {
          a[row][k] -= factor * a[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = a[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * x[k];
      }
      x[row] = sum / a[row][row];
    }
    return x;
  }
}
