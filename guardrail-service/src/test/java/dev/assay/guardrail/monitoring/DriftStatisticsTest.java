package dev.assay.guardrail.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.guardrail.monitoring.stats.DriftStatistics;
import dev.assay.guardrail.monitoring.stats.Ewma;
import org.junit.jupiter.api.Test;

/** PSI, KS and the EWMA on values worked out by hand. */
class DriftStatisticsTest {

  @Test
  void psiOfTwoSharesIsTheSumOfTheirDifferencesTimesTheLogOfTheirRatios() {
    // 0.4 ln(0.9/0.5) + (-0.4) ln(0.1/0.5) = 0.4 * 0.587787 + 0.4 * 1.609438
    assertThat(DriftStatistics.psi(new double[] {0.5, 0.5}, new double[] {0.9, 0.1})).isCloseTo(0.878890, within(1e-6));
  }

  @Test
  void psiOfCountsSmoothsEveryBinByAHalfSoAnEmptyBinStaysFinite() {
    // reference 10/0 -> 10.5/11 and 0.5/11; current 0/10 -> 0.5/11 and 10.5/11: 2 * (10/11) * ln(21)
    double expected = 2 * (10.0 / 11) * Math.log(21);
    assertThat(DriftStatistics.psi(new long[] {10, 0}, new long[] {0, 10})).isCloseTo(expected, within(1e-9));
    assertThat(DriftStatistics.psi(new long[] {30, 20, 10}, new long[] {60, 40, 20})).isCloseTo(0, within(1e-3));
  }

  @Test
  void ksIsTheLargestGapBetweenTheCumulativeShares() {
    // cumulative 0.5, 1, 1 against 0, 0.5, 1
    assertThat(DriftStatistics.ks(new long[] {5, 5, 0}, new long[] {0, 5, 5})).isEqualTo(0.5);
    assertThat(DriftStatistics.ks(new long[] {1, 2, 3}, new long[] {2, 4, 6})).isEqualTo(0);
    assertThat(DriftStatistics.ks(new long[] {10, 0}, new long[] {0, 3})).isEqualTo(1);
  }

  @Test
  void theEwmaFollowsItsRecurrence() {
    Ewma ewma = new Ewma(0.5);
    ewma.update(0);
    ewma.update(2);
    // d = 2: mean 0 + 0.5 * 2 = 1; variance 0.5 * (0 + 0.5 * 4) = 1
    assertThat(ewma.mean()).isEqualTo(1);
    assertThat(ewma.variance()).isEqualTo(1);
    ewma.update(1);
    // d = 0: mean stays 1; variance 0.5 * (1 + 0) = 0.5
    assertThat(ewma.mean()).isEqualTo(1);
    assertThat(ewma.variance()).isEqualTo(0.5);
  }

  @Test
  void aSteadyHighRateIsNotAnAlarmButASuddenJumpIs() {
    Ewma steady = new Ewma(0.3);
    for (int window = 0; window < 12; window++) {
      steady.update(0.4);
    }
    Ewma quiet = new Ewma(0.3);
    for (int window = 0; window < 12; window++) {
      quiet.update(0.02);
    }

    assertThat(steady.zScore(41, 100)).as("40% blocked, as always").isLessThan(1);
    assertThat(quiet.zScore(40, 100)).as("from 2% to 40% blocked").isGreaterThan(10);
    assertThat(new Ewma(0.3).zScore(20, 20)).as("a new caller whose every request hits a detector").isGreaterThan(10);
    assertThat(new Ewma(0.3).zScore(1, 30)).as("one event in a small window").isLessThan(1.5);
  }
}
