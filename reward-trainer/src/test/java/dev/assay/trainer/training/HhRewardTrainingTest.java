package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.TestData;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.RewardScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on real data: 800 HH-RLHF harmless pairs, evaluated on 300 held-out prompts. */
class HhRewardTrainingTest {

  @Test
  void hashedRewardModelLearnsHarmlessnessAndBeatsChanceOnHeldOutPrompts(@TempDir Path dir) throws Exception {
    PairSet all = TrainingPairs.read(TestData.sharedFile(TestData.HH));
    PromptSplit.Split split = PromptSplit.holdOut(all, 0.25, "test");
    PairSet train = split.train().withPairs(split.train().pairs().subList(0, 800));
    PairSet test = split.held().withPairs(split.held().pairs().subList(0, 300));
    List<StepProgress> steps = new ArrayList<>();

    TrainingResult result = TrainingJob.builder()
        .setConfig(TrainingConfig.builder().optFeaturizer("hashed").optEpochs(6).build())
        .setTrainingData(train)
        .setOutputDirectory(dir.resolve("model"))
        .addObserver(new TrainingObserver() {
          @Override
          public void onStep(StepProgress progress) {
            steps.add(progress);
          }
        })
        .build()
        .run();

    List<EpochMetrics> history = result.history();
    assertThat(history.getLast().metrics().get("loss")).isLessThan(history.getFirst().metrics().get("loss"));
    assertThat(history.getFirst().metrics()).containsKeys("loss", "accuracy", "margin", "mean_reward", "std_reward",
        "eval_loss", "eval_accuracy");
    assertThat(steps).isNotEmpty();
    assertThat(steps.getLast().eta()).isNotNull();
    try (RewardScorer scorer = RewardScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      EvaluationReport report = new PairEvaluator().evaluate(scorer, test);
      System.out.printf("HH hashed: %s, %.0f pairs/s%n", report, result.pairsPerSecond());
      assertThat(report.pairs()).isEqualTo(300);
      assertThat(report.accuracy()).isGreaterThan(0.55);
      assertThat(report.swappedAccuracy()).isEqualTo(report.accuracy());
    }
  }
}
