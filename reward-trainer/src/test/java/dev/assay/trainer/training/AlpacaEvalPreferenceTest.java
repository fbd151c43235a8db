package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.TestData;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.RewardScorer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Davidson preference model on AlpacaEval's judged pairs, ties (preference 1.5) included. */
class AlpacaEvalPreferenceTest {

  @Test
  void preferenceModelTrainsOnPairsWithTiesAndPredictsTies(@TempDir Path dir) throws Exception {
    PairSet all = TrainingPairs.read(TestData.sharedFile(TestData.ALPACA_EVAL));
    assertThat(all.ties()).as("AlpacaEval marks ties as 1.5").isPositive();
    PromptSplit.Split split = PromptSplit.holdOut(all, 0.2, "test");

    TrainingResult result = TrainingJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.PREFERENCE).optEpochs(4).build())
        .setTrainingData(split.train())
        .setOutputDirectory(dir)
        .build()
        .run();

    assertThat(result.history().getLast().metrics().get("loss"))
        .isLessThan(result.history().getFirst().metrics().get("loss"));
    assertThat(result.manifest().tieLogit()).as("ties are rare here: θ falls from its start of -2").isLessThan(-2.0);
    try (RewardScorer scorer = RewardScorer.load(dir, FeaturizerOptions.inMemory())) {
      EvaluationReport report = new PairEvaluator().evaluate(scorer, split.held());
      System.out.println("AlpacaEval preference model: " + report);
      assertThat(report.accuracy()).isGreaterThan(0.55);
      assertThat(report.tieCalibration().meanPredicted()).isGreaterThan(0).isLessThan(0.1);
      assertThat(report.logLoss()).isLessThan(Math.log(3));
    }
  }
}
