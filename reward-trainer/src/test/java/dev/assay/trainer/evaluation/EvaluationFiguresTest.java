package dev.assay.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.trainer.evaluation.EvaluationFigures.PairOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationFiguresTest {

  @Test
  void theReliabilityDiagramBinsTopLabelConfidenceAndItsErrorIsTheReportsEce() {
    // P(chosen better) 0.55 (right), 0.3 (wrong, confidence 0.7), 0.75 (right), 0.95 twice (right)
    List<PairOutcome> outcomes = List.of(
        outcome("a", 0.55, 1, 0, 10, 10), outcome("a", 0.3, 0, 1, 10, 10), outcome("a", 0.75, 1, 0, 10, 10),
        outcome("a", 0.95, 1, 0, 10, 10), outcome("a", 0.95, 1, 0, 10, 10));

    EvaluationFigures figures = EvaluationFigures.of(outcomes);

    assertThat(figures.reliability()).extracting(EvaluationFigures.ReliabilityBin::pairs).containsExactly(1, 0, 2, 0, 2);
    EvaluationFigures.ReliabilityBin seventies = figures.reliability().get(2);
    assertThat(seventies.from()).isCloseTo(0.7, within(1e-9));
    assertThat(seventies.meanConfidence()).isCloseTo(0.725, within(1e-9));
    assertThat(seventies.accuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(figures.reliability().get(1).accuracy()).as("an empty bin has no accuracy").isNull();
    // |1 - 0.55| + |1 - 1.45| + |2 - 1.9|, over 5 pairs
    assertThat(figures.ece().value()).isCloseTo((0.45 + 0.45 + 0.1) / 5, within(1e-9));
    assertThat(figures.ece().value()).isCloseTo(Statistics.expectedCalibrationError(
        outcomes.stream().mapToDouble(PairOutcome::chosenProbability).toArray(), 10), within(1e-12));
    assertThat(figures.accuracy().value()).isCloseTo(0.8, within(1e-9));
    assertThat(figures.accuracy().n()).isEqualTo(5);
  }

  @Test
  void aModelThatRewardsLengthPrefersTheLongerResponseMoreOftenThanRatersDidAndItsRewardRisesWithLength() {
    Random random = new Random(7);
    List<PairOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int chosen = 20 + random.nextInt(400);
      int rejected = 20 + random.nextInt(400);
      outcomes.add(outcome("s", 0.6, chosen / 100.0, rejected / 100.0, chosen, rejected));
    }

    EvaluationFigures.LengthBias bias = EvaluationFigures.of(outcomes).lengthBias();

    assertThat(bias.modelPrefersLonger().value()).isEqualTo(1.0);
    assertThat(bias.ratersPreferLonger().value()).isBetween(0.35, 0.65);
    assertThat(bias.ratersPreferLonger().low()).isLessThan(bias.ratersPreferLonger().value());
    List<EvaluationFigures.LengthBin> bins = bias.rewardByLength();
    assertThat(bins).hasSize(5);
    assertThat(bins).extracting(EvaluationFigures.LengthBin::responses).containsOnly(80);
    for (int b = 1; b < bins.size(); b++) {
      assertThat(bins.get(b).fromChars()).isGreaterThanOrEqualTo(bins.get(b - 1).toChars());
      assertThat(bins.get(b).meanStandardisedReward()).isGreaterThan(bins.get(b - 1).meanStandardisedReward());
    }
    assertThat(bins.stream().mapToDouble(b -> b.meanStandardisedReward() * b.responses()).sum())
        .as("standardised over every response").isCloseTo(0, within(1e-9));
  }

  @Test
  void accuracyPerSourceCountsItsPairsAndCarriesAnIntervalAroundTheShare() {
    List<PairOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      outcomes.add(outcome("hh", 0.7, i < 30 ? 1 : 0, i < 30 ? 0 : 1, 5, 6));
    }
    outcomes.add(outcome("shp", 0.7, 1, 0, 5, 6));

    List<Estimate> bySource = EvaluationFigures.of(outcomes).accuracyBySource();

    assertThat(bySource).extracting(Estimate::name).containsExactly("hh", "shp");
    Estimate hh = bySource.get(0);
    assertThat(hh.value()).isCloseTo(0.75, within(1e-9));
    assertThat(hh.n()).isEqualTo(40);
    assertThat(hh.low()).isBetween(0.55, 0.75);
    assertThat(hh.high()).isBetween(0.75, 0.9);
    assertThat(bySource.get(1).high() - bySource.get(1).low()).as("one pair says little")
        .isGreaterThan(hh.high() - hh.low());
  }

  @Test
  void noDecidedPairsGiveEmptyFiguresNotAnError() {
    EvaluationFigures figures = EvaluationFigures.of(List.of());

    assertThat(figures.pairs()).isZero();
    assertThat(figures.reliability()).extracting(EvaluationFigures.ReliabilityBin::pairs).containsOnly(0);
    assertThat(figures.lengthBias().rewardByLength()).isEmpty();
    assertThat(figures.accuracyBySource()).isEmpty();
    assertThat(figures.accuracy().low()).isNull();
  }

  private static PairOutcome outcome(String source, double p, double chosenReward, double rejectedReward,
      int chosenLength, int rejectedLength) {
    return new PairOutcome(source, p, chosenReward, rejectedReward, chosenLength, rejectedLength);
  }
}
