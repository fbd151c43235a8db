package dev.assay.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void calibrationErrorIsZeroWhenConfidenceMatchesAccuracyAndGrowsWithOverconfidence() {
    double[] calibrated = {0.75, 0.75, 0.75, 0.25};
    double[] overconfident = {0.99, 0.99, 0.01, 0.01};

    assertThat(Statistics.expectedCalibrationError(calibrated, 10)).isCloseTo(0.0, within(1e-12));
    assertThat(Statistics.expectedCalibrationError(overconfident, 10)).isCloseTo(0.49, within(1e-9));
  }

  @Test
  void correlationsOfMonotoneAndOppositeData() {
    double[] x = {1, 2, 3, 4, 5};
    double[] squares = {1, 4, 9, 16, 25};
    double[] reversed = {5, 4, 3, 2, 1};

    assertThat(Statistics.spearman(x, squares)).isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.pearson(x, squares)).isBetween(0.9, 0.999);
    assertThat(Statistics.pearson(x, reversed)).isCloseTo(-1.0, within(1e-12));
    assertThat(Statistics.spearman(new double[] {1, 1, 2}, new double[] {3, 3, 4})).isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 400})).isEqualTo(1.0);
  }

  @Test
  void kendallCountsConcordantAgainstDiscordantPairsAndDiscountsTies() {
    double[] x = {1, 2, 3, 4, 5};

    assertThat(Statistics.kendall(x, new double[] {1, 4, 9, 16, 25})).isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.kendall(x, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1.0, within(1e-12));
    // 7 concordant and 3 discordant of 10 pairs
    assertThat(Statistics.kendall(x, new double[] {3, 1, 2, 5, 4})).isCloseTo(0.4, within(1e-12));
    // tau-b: 5 concordant; one pair tied in x leaves 5 of 6 pairs untied there
    assertThat(Statistics.kendall(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}))
        .isCloseTo(5 / Math.sqrt(5 * 6), within(1e-12));
    assertThat(Statistics.kendall(x, new double[] {2, 2, 2, 2, 2})).isNaN();
    assertThat(Statistics.kendall(new double[] {1}, new double[] {2})).isNaN();
  }

  @Test
  void correlationsAreUndefinedForAConstantSideOrASingleItem() {
    double[] x = {1, 2, 3, 4, 5};
    double[] constant = {2, 2, 2, 2, 2};

    assertThat(Statistics.pearson(x, constant)).isNaN();
    assertThat(Statistics.spearman(constant, x)).isNaN();
    assertThat(Statistics.spearman(new double[] {1}, new double[] {2})).isNaN();
  }

  @Test
  void aRegressionOnManyItemsIsSignificantWhileOneMissOnAFewIsNoise() {
    boolean[] production = new boolean[200];
    boolean[] worse = new boolean[200];
    for (int i = 0; i < 200; i++) {
      production[i] = i % 10 != 0;
      worse[i] = i % 2 == 0;
    }
    boolean[] fewProduction = {true, true, true, true, true, true, true, true};
    boolean[] oneMiss = {true, true, true, true, true, true, true, false};

    double significant = Statistics.regressionPValue(200, s -> Statistics.accuracyAt(worse, s),
        s -> Statistics.accuracyAt(production, s), 0.0, 1000, 7);
    double noise = Statistics.regressionPValue(8, s -> Statistics.accuracyAt(oneMiss, s),
        s -> Statistics.accuracyAt(fewProduction, s), 0.0, 1000, 7);
    double same = Statistics.regressionPValue(200, s -> Statistics.accuracyAt(production, s),
        s -> Statistics.accuracyAt(production, s), 0.0, 1000, 7);

    assertThat(significant).isLessThan(0.01);
    assertThat(noise).isGreaterThan(0.2);
    assertThat(same).isEqualTo(1.0);
  }

  @Test
  void aToleranceAsLargeAsTheDropMakesItAcceptable() {
    boolean[] production = new boolean[100];
    boolean[] candidate = new boolean[100];
    for (int i = 0; i < 100; i++) {
      production[i] = i < 90;
      candidate[i] = i < 80;
    }

    assertThat(Statistics.regressionPValue(100, s -> Statistics.accuracyAt(candidate, s),
        s -> Statistics.accuracyAt(production, s), 0.0, 1000, 7)).isLessThan(0.01);
    assertThat(Statistics.regressionPValue(100, s -> Statistics.accuracyAt(candidate, s),
        s -> Statistics.accuracyAt(production, s), 0.2, 1000, 7)).isGreaterThan(0.5);
  }

  @Test
  void macroF1OnResampledIndicesMatchesTheEvaluatorsDefinition() {
    String[] truth = {"a", "a", "b", "b"};
    String[] predicted = {"a", "b", "b", "b"};

    // a: precision 1, recall 0.5, F1 2/3; b: precision 2/3, recall 1, F1 0.8
    assertThat(Statistics.macroF1At(truth, predicted, new int[] {0, 1, 2, 3})).isCloseTo((2.0 / 3 + 0.8) / 2,
        within(1e-12));
    assertThat(Statistics.macroF1At(truth, predicted, new int[] {0, 0, 2})).isCloseTo(1.0, within(1e-12));
  }
}
