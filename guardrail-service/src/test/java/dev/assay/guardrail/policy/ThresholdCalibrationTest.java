package dev.assay.guardrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
  void theCurveRunsFromNothingFlaggedToEverythingFlaggedAndPassesThroughTheCalibratedPoint() {
    Random random = new Random(5);
    double[] good = random.doubles(500).map(x -> random.nextGaussian() + 1).toArray();
    double[] bad = random.doubles(200).map(x -> random.nextGaussian() - 1).toArray();
    List<ThresholdCalibration.CurvePoint> curve = ThresholdCalibration.curve(good, bad, 101);

    assertThat(curve).hasSize(101);
    assertThat(curve.getFirst().recall()).as("the lowest score flags nothing").isZero();
    assertThat(curve.getFirst().precision()).isEqualTo(1.0);
    assertThat(curve.getLast().recall()).as("above the highest score everything is flagged").isEqualTo(1.0);
    assertThat(curve.getLast().precision()).isEqualTo(200.0 / 700);
    for (int i = 1; i < curve.size(); i++) {
      assertThat(curve.get(i).threshold()).isGreaterThan(curve.get(i - 1).threshold());
      assertThat(curve.get(i).recall()).isGreaterThanOrEqualTo(curve.get(i - 1).recall());
    }
    // Every point is the report of its own threshold.
    ThresholdCalibration.CurvePoint middle = curve.get(50);
    ThresholdCalibration.Report report = ThresholdCalibration.evaluate(good, bad, middle.threshold(), 0);
    assertThat(middle.precision()).isEqualTo(report.precision());
    assertThat(middle.recall()).isEqualTo(report.recall());
  }

  @Test
  void aCurveOfFewScoresHasAPointPerDistinctScore() {
    List<ThresholdCalibration.CurvePoint> curve = ThresholdCalibration.curve(new double[] {1, 2, 2},
        new double[] {0, 1}, 101);
    assertThat(curve).extracting(ThresholdCalibration.CurvePoint::threshold)
        .containsExactly(0.0, 1.0, 2.0, Math.nextUp(2.0));
    assertThat(curve).extracting(ThresholdCalibration.CurvePoint::recall).containsExactly(0.0, 0.5, 1.0, 1.0);
    assertThat(curve).extracting(ThresholdCalibration.CurvePoint::precision).containsExactly(1.0, 1.0, 2.0 / 3, 0.4);
  }

  @Test
  void refusesDataWithoutBothLabels() {
    assertThatThrownBy(() -> ThresholdCalibration.calibrate(new double[] {1}, new double[0], 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
