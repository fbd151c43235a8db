package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.trainer.TestData;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.model.RewardScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {
  @TempDir Path dir;

  @Test
  void rewardModelLearnsTheFixtureAndDropsTiesWithACount() throws Exception {
    TrainingJob job = FixtureTraining.job(FixtureTraining.config(ModelKind.REWARD), dir.resolve("m")).build();
    TrainingResult result = job.run();

    assertThat(job.trainingData().dropped()).containsKey("tie_in_reward_model");
    assertThat(job.trainingData().ties()).isZero();
    assertThat(result.history().getLast().metrics().get("loss"))
        .isLessThan(result.history().getFirst().metrics().get("loss"));
    try (RewardScorer scorer = RewardScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      List<Reward> rewards = scorer.score(List.of(dev.assay.store.record.Message.user("How do I start running?")),
          List.of("Sure! Begin with short run-walk intervals. Good luck!", "Go away, I don't care."));
      assertThat(rewards.get(0).raw()).isGreaterThan(rewards.get(1).raw());
      EvaluationReport report = new PairEvaluator().evaluate(scorer, TestData.fixture());
      assertThat(report.accuracy()).isGreaterThan(0.9);
      assertThat(report.ties()).isEqualTo(7);
      assertThat(report.accuracyBySource()).containsOnlyKeys("fixture_a", "fixture_b");
      assertThat(report.lengthBiasWarning()).as("helpful answers are the long ones in the fixture").isTrue();
    }
  }

  @Test
  void sameConfigAndDataGiveIdenticalScoresAndAnotherSeedDoesNot() throws Exception {
    TrainingConfig config = FixtureTraining.config(ModelKind.REWARD);
    TrainingResult first = FixtureTraining.job(config, dir.resolve("a")).build().run();
    TrainingResult second = FixtureTraining.job(config, dir.resolve("b")).build().run();
    TrainingResult reseeded = FixtureTraining.job(config.toBuilder().optSeed(7).build(), dir.resolve("c")).build().run();

    assertThat(scores(second)).isEqualTo(scores(first));
    assertThat(second.history()).extracting(EpochMetrics::metrics).isEqualTo(
        first.history().stream().map(EpochMetrics::metrics).toList());
    assertThat(Files.readAllBytes(dir.resolve("b/model.params"))).isEqualTo(Files.readAllBytes(dir.resolve("a/model.params")));
    assertThat(scores(reseeded)).isNotEqualTo(scores(first));
  }

  @Test
  void killedRunResumesFromItsLastCompletedEpoch() throws Exception {
    TrainingConfig config = FixtureTraining.config(ModelKind.REWARD).toBuilder().optEarlyStoppingPatience(0).build();
    Path checkpoints = dir.resolve("checkpoints");
    TrainingObserver killer = new TrainingObserver() {
      @Override
      public void onStep(StepProgress progress) {
        if (progress.epoch() == 3) {
          throw new IllegalStateException("worker killed");
        }
      }
    };
    assertThatThrownBy(() -> FixtureTraining.job(config, dir.resolve("m")).optCheckpointDirectory(checkpoints)
        .addObserver(killer).build().run()).hasMessageContaining("worker killed");
    assertThat(checkpoints.resolve("checkpoint.json")).exists();

    TrainingResult resumed = FixtureTraining.job(config, dir.resolve("m")).build().resumeFrom(checkpoints);
    TrainingResult uninterrupted = FixtureTraining.job(config, dir.resolve("full")).build().run();

    assertThat(resumed.history()).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4);
    assertThat(resumed.history().subList(0, 2)).extracting(EpochMetrics::metrics)
        .isEqualTo(uninterrupted.history().subList(0, 2).stream().map(EpochMetrics::metrics).toList());
    assertThat(resumed.history().get(2).metrics().get("loss"))
        .as("epoch 3 starts from epoch 2's weights, not from scratch")
        .isLessThan(resumed.history().get(0).metrics().get("loss"));
    assertThat(resumed.manifest().dataHash()).isEqualTo(uninterrupted.manifest().dataHash());
  }

  @Test
  void resumingWithAnotherConfigIsRefused() throws Exception {
    TrainingConfig config = FixtureTraining.config(ModelKind.REWARD).toBuilder().optEpochs(1).build();
    FixtureTraining.job(config, dir.resolve("m")).build().run();

    assertThatThrownBy(() -> FixtureTraining.job(config.toBuilder().optLearningRate(0.1f).build(), dir.resolve("m"))
        .build().resumeFrom(dir.resolve("m/checkpoints")))
        .hasMessageContaining("checkpoint was written with another config");
  }

  @Test
  void preferenceModelLearnsThatTiesHappenBetweenEquallyGoodAnswers() throws Exception {
    TrainingConfig config = FixtureTraining.config(ModelKind.PREFERENCE).toBuilder().optEpochs(8).build();
    TrainingResult result = FixtureTraining.job(config, dir.resolve("m")).build().run();

    assertThat(result.manifest().tieLogit()).isNotNull().isNotEqualTo(-2.0);
    try (RewardScorer scorer = RewardScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      EvaluationReport report = new PairEvaluator().evaluate(scorer, TestData.fixture());
      assertThat(report.accuracy()).isGreaterThan(0.9);
      assertThat(report.tieCalibration().meanPredictedOnTies())
          .isGreaterThan(report.tieCalibration().meanPredictedOnDecided());
    }
  }

  private static float[] scores(TrainingResult result) throws Exception {
    try (RewardScorer scorer = RewardScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      List<TrainingPair> pairs = TestData.fixture().pairs();
      float[] scores = new float[pairs.size()];
      for (int i = 0; i < pairs.size(); i++) {
        scores[i] = (float) scorer.score(pairs.get(i).prompt(), List.of(pairs.get(i).chosen())).getFirst().raw();
      }
      return scores;
    }
  }
}
