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
  void correlationsAreUndefinedForAConstantSideOrASingleItem() {
    double[] x = {1, 2, 3, 4, 5};
    double[] constant = {2, 2, 2, 2, 2};

    assertThat(Statistics.pearson(x, constant)).isNaN();
    assertThat(Statistics.spearman(constant, x)).isNaN();
    assertThat(Statistics.spearman(new double[] {1}, new double[] {2})).isNaN();
  }
}
