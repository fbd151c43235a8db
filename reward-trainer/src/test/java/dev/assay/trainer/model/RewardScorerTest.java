package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.trainer.featurize.FeaturizerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardScorerTest {

  @Test
  void loadedModelScoresExactlyLikeTheNetworkItWasSavedFrom(@TempDir Path dir) throws Exception {
    SavedNetwork.Scores saved = SavedNetwork.save(dir, ModelKind.REWARD);
    float[] before = saved.head();

    try (RewardScorer scorer = RewardScorer.load(dir, FeaturizerOptions.inMemory())) {
      List<Reward> rewards = scorer.score(SavedNetwork.PROMPT, SavedNetwork.RESPONSES);

      for (int i = 0; i < before.length; i++) {
        assertThat(rewards.get(i).raw()).isEqualTo(before[i]);
        assertThat(rewards.get(i).raw()).isCloseTo(saved.djl()[i], within(1e-5 * (1 + Math.abs(saved.djl()[i]))));
        assertThat(rewards.get(i).normalized()).isCloseTo((before[i] - 0.25) / 2.0, within(1e-9));
      }
      PairPrediction pair = scorer.compare(SavedNetwork.PROMPT, SavedNetwork.RESPONSES.get(0), SavedNetwork.RESPONSES.get(1));
      assertThat(pair.tie()).isZero();
      assertThat(pair.aBetter()).isCloseTo(1 / (1 + Math.exp(-(before[0] - before[1]))), within(1e-6));
    }
  }

  @Test
  void preferenceModelKeepsItsTieParameter(@TempDir Path dir) throws Exception {
    SavedNetwork.save(dir, ModelKind.PREFERENCE);

    try (RewardScorer scorer = RewardScorer.load(dir, FeaturizerOptions.inMemory())) {
      assertThat(scorer.manifest().tieLogit()).isEqualTo(-2.0);
      PairPrediction same = scorer.compare(SavedNetwork.PROMPT, "Same answer.", "Same answer.");
      assertThat(same.tie()).isCloseTo(Math.exp(-2) / (2 + Math.exp(-2)), within(1e-6));
      assertThat(same.aBetter() + same.tie() + same.bBetter()).isCloseTo(1.0, within(1e-9));
    }
  }

  @Test
  void concurrentScoringGivesTheSameScoresAsSequential(@TempDir Path dir) throws Exception {
    float[] before = SavedNetwork.save(dir, ModelKind.REWARD).head();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (RewardScorer scorer = RewardScorer.load(dir, FeaturizerOptions.inMemory())) {
      List<Future<List<Reward>>> futures = pool.invokeAll(
          java.util.Collections.nCopies(32, () -> scorer.score(SavedNetwork.PROMPT, SavedNetwork.RESPONSES)));
      for (Future<List<Reward>> future : futures) {
        assertThat(future.get().getFirst().raw()).isEqualTo(before[0]);
      }
    } finally {
      pool.shutdown();
    }
  }
}
