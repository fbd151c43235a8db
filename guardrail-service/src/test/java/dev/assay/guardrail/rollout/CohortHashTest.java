package dev.assay.guardrail.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A canary's callers: the same caller always in the same cohort, and about the configured share of many. */
class CohortHashTest {
  private static final int CALLERS = 20_000;

  @Test
  void theSameCallerLandsInTheSameBucketEveryTime() {
    for (int i = 0; i < 1_000; i++) {
      String caller = "api-key-" + i;
      int bucket = CohortHash.bucket(42, caller);
      assertThat(bucket).isBetween(0, CohortHash.BUCKETS - 1);
      assertThat(CohortHash.bucket(42, new String(caller.toCharArray()))).isEqualTo(bucket);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 5, 20, 50, 90})
  void aboutTheConfiguredShareOfManyCallersIsInTheCanary(double percent) {
    long inCanary = IntStream.range(0, CALLERS).filter(i -> CohortHash.inShare(7, "user-" + i, percent)).count();

    double share = 100.0 * inCanary / CALLERS;
    // Binomial: four standard deviations of the share over 20,000 callers.
    double tolerance = 4 * 100 * Math.sqrt(percent / 100 * (1 - percent / 100) / CALLERS);
    assertThat(share).isCloseTo(percent, Offset.offset(tolerance));
  }

  @Test
  void noneAtZeroAndEveryoneAtAHundred() {
    assertThat(IntStream.range(0, CALLERS).filter(i -> CohortHash.inShare(3, "user-" + i, 0))).isEmpty();
    assertThat(IntStream.range(0, CALLERS).allMatch(i -> CohortHash.inShare(3, "user-" + i, 100))).isTrue();
  }

  @Test
  void anotherRolloutDrawsOtherCallers() {
    long both = IntStream.range(0, CALLERS)
        .filter(i -> CohortHash.inShare(1, "user-" + i, 10) && CohortHash.inShare(2, "user-" + i, 10)).count();

    // Independent draws of 10% each share about 1% of callers, not 10%.
    assertThat(100.0 * both / CALLERS).isBetween(0.5, 1.6);
  }
}
