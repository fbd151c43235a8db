package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.trainer.featurize.FeaturizerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  void loadingAModelStartsNoEngine(@TempDir Path dir) throws Exception {
    float[] before = SavedNetwork.save(dir, ModelKind.PREFERENCE).head();

    // a JVM of its own: this one has PyTorch loaded (SavedNetwork trains with it)
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED",
        ScoreInAFreshJvm.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor()).as(output).isZero();
    assertThat(output.lines()).as(output).containsExactly(
        "reward " + before[0], "native libraries loaded: none");
  }

  /** Loads the model directory given and reports its first score and the native libraries it loaded. */
  static final class ScoreInAFreshJvm {
    public static void main(String... args) throws Exception {
      try (RewardScorer scorer = RewardScorer.load(Path.of(args[0]), FeaturizerOptions.inMemory())) {
        System.out.println("reward " + (float) scorer.score(SavedNetwork.PROMPT, SavedNetwork.RESPONSES).getFirst().raw());
      }
      List<String> engines = Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .filter(line -> line.contains("libtorch") || line.contains("onnxruntime") || line.contains("djl"))
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .distinct()
          .toList();
      System.out.println("native libraries loaded: " + (engines.isEmpty() ? "none" : engines));
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
