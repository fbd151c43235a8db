package dev.assay.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.assay.trainer.evaluation.ConfidenceIntervals.Interval;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalsTest {

  @Test
  void wilsonMatchesPublishedValuesAndStaysInsideZeroToOne() {
    // Newcombe (1998), table I: 0/10 -> [0, 0.2775]; 5/10 -> [0.2366, 0.7634]; 81/263 -> [0.2553, 0.3662]
    assertThat(ConfidenceIntervals.wilson(0, 10).lower()).isEqualTo(0.0);
    assertThat(ConfidenceIntervals.wilson(0, 10).upper()).isCloseTo(0.2775, offset(1e-4));
    assertThat(ConfidenceIntervals.wilson(5, 10).lower()).isCloseTo(0.2366, offset(1e-4));
    assertThat(ConfidenceIntervals.wilson(5, 10).upper()).isCloseTo(0.7634, offset(1e-4));
    assertThat(ConfidenceIntervals.wilson(81, 263).lower()).isCloseTo(0.2553, offset(1e-4));
    assertThat(ConfidenceIntervals.wilson(81, 263).upper()).isCloseTo(0.3662, offset(1e-4));
    assertThat(ConfidenceIntervals.wilson(10, 10).upper()).isEqualTo(1.0);
    assertThat(ConfidenceIntervals.wilson(0, 0).lower()).isNaN();
  }

  @Test
  void theBootstrapIsReproducibleWithItsSeedAndCoversTheSampleMean() {
    double[] sample = new double[200];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = i % 3 == 0 ? 1 : 0;
    }
    ToDoubleFunction<int[]> mean = drawn -> Arrays.stream(drawn).mapToDouble(i -> sample[i]).average().orElseThrow();

    Interval first = ConfidenceIntervals.bootstrap(sample.length, mean, 1000, 42);
    Interval again = ConfidenceIntervals.bootstrap(sample.length, mean, 1000, 42);
    Interval otherSeed = ConfidenceIntervals.bootstrap(sample.length, mean, 1000, 43);

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
    double observed = Arrays.stream(sample).average().orElseThrow();
    assertThat(first.contains(observed)).isTrue();
    // about the binomial standard error either side: 1.96 * sqrt(p(1-p)/n) = 0.065
    assertThat(first.upper() - first.lower()).isBetween(0.09, 0.17);
    Interval wilson = ConfidenceIntervals.wilson(67, 200);
    assertThat(first.lower()).isCloseTo(wilson.lower(), offset(0.02));
    assertThat(first.upper()).isCloseTo(wilson.upper(), offset(0.02));
  }

  @Test
  void aConstantSampleHasAPointIntervalAndAnUndefinedStatisticIsLeftOut() {
    Interval constant = ConfidenceIntervals.bootstrap(50, drawn -> 0.5, 200, 1);
    assertThat(constant).isEqualTo(new Interval(0.5, 0.5));
    assertThat(ConfidenceIntervals.bootstrap(50, drawn -> Double.NaN, 200, 1).lower()).isNaN();
    assertThat(ConfidenceIntervals.bootstrap(0, drawn -> 1, 200, 1).upper()).isNaN();
  }
}
