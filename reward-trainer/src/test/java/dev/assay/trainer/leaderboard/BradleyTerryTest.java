package dev.assay.trainer.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

  @Test
  void recoversKnownStrengthsOnTheEloScaleWithIntervalsThatCoverThem() {
    double[] truth = {1000, 1100, 900, 1250};
    Random random = new Random(1);
    List<BradleyTerry.Battle> battles = new ArrayList<>();
    for (int k = 0; k < 6000; k++) {
      int a = random.nextInt(4);
      int b = (a + 1 + random.nextInt(3)) % 4;
      double p = 1 / (1 + Math.pow(10, (truth[b] - truth[a]) / 400));
      battles.add(new BradleyTerry.Battle(a, b, random.nextDouble() < p ? 1 : 0));
    }
    List<BradleyTerry.Rating> ratings = BradleyTerry.fitWithIntervals(4, battles, 0, 100, 42);
    assertThat(ratings.get(0).rating()).isEqualTo(1000.0);
    for (int i = 1; i < 4; i++) {
      assertThat(ratings.get(i).rating()).isCloseTo(truth[i], offset(30.0));
      assertThat(ratings.get(i).lower()).isLessThan(ratings.get(i).rating());
      assertThat(ratings.get(i).upper()).isGreaterThan(ratings.get(i).rating());
      assertThat(truth[i]).isBetween(ratings.get(i).lower() - 10, ratings.get(i).upper() + 10);
    }
    // Deterministic: the same seed gives the same intervals.
    assertThat(BradleyTerry.fitWithIntervals(4, battles, 0, 100, 42)).isEqualTo(ratings);
  }

  @Test
  void tiesAsHalfWinsPullRatingsTogether() {
    List<BradleyTerry.Battle> battles = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      battles.add(new BradleyTerry.Battle(0, 1, 1));
      battles.add(new BradleyTerry.Battle(0, 1, 0));
      battles.add(new BradleyTerry.Battle(0, 1, 0.5));
    }
    double[] ratings = BradleyTerry.fit(2, battles, 0);
    assertThat(ratings[1]).isCloseTo(1000.0, offset(1e-6));
  }
}
