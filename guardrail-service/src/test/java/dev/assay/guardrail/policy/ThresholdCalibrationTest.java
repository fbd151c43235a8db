package dev.assay.guardrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdCalibrationTest {

  @Test
  void thresholdNeverFlagsMoreGoodResponsesThanTheTargetRateAllows() {
    Random random = new Random(3);
    double[] good = random.doubles(1000).map(x -> random.nextGaussian() + 1).toArray();
    double[] bad = random.doubles(400).map(x -> random.nextGaussian() - 1).toArray();
    for (double target : new double[] {0.0, 0.01, 0.05, 0.2}) {
      ThresholdCalibration.Report report = ThresholdCalibration.calibrate(good, bad, target);
      assertThat(report.fpr()).isLessThanOrEqualTo(target);
      assertThat(report.falsePositives()).isEqualTo((int) Math.floor(target * good.length));
      assertThat(report.n()).isEqualTo(1400);
    }
    ThresholdCalibration.Report fivePercent = ThresholdCalibration.calibrate(good, bad, 0.05);
    // Separated by two standard deviations: at 5% FPR about 64% of the bad ones are caught.
    assertThat(fivePercent.recall()).isBetween(0.5, 0.8);
    assertThat(fivePercent.precision()).isGreaterThan(0.8);
  }

  @Test
  void reportCountsFlaggedAsStrictlyBelowTheThreshold() {
    double[] good = {0.5, 1.0, 2.0, 3.0};
    double[] bad = {-1.0, 0.5, 4.0};
    ThresholdCalibration.Report report = ThresholdCalibration.evaluate(good, bad, 1.0, 0.25);
    assertThat(report.falsePositives()).isEqualTo(1);
    assertThat(report.truePositives()).isEqualTo(2);
    assertThat(report.precision()).isEqualTo(2.0 / 3);
    assertThat(report.recall()).isEqualTo(2.0 / 3);
    assertThat(report.fpr()).isEqualTo(0.25);
  }

  @Test
  void refusesDataWithoutBothLabels() {
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(new double[] {1}, new double[0], 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
