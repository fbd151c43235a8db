package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations of the topic classifier: "oven" occurs only in cooking questions of the fixture, the rest of
 * the question in none of its rows, so "oven" is what makes the question a cooking one.
 */
class ClassifierExplanationTest {
  private static final String QUESTION = "Please tell me about the oven";

  @TempDir Path dir;

  @Test
  void aLinearHashedModelIsExplainedExactlyAndItsTopPhraseIsTheCookingWord() throws Exception {
    try (ClassifierScorer scorer = ClassifierScorer.load(train(0), FeaturizerOptions.inMemory())) {
      List<Contribution> all = scorer.explain(QUESTION, "cooking", Integer.MAX_VALUE);

      assertThat(all.getFirst().phrase()).isEqualTo("oven");
      assertThat(all.getFirst().weight()).isPositive();
      assertThat(all).extracting(c -> Math.abs(c.weight())).isSortedAccordingTo((a, b) -> Double.compare(b, a));
      // Exact: the phrases' weights add up to the margin the text has over no text at all (the bias alone).
      double[][] logits = scorer.logits(List.of(QUESTION, ""));
      double expected = margin(logits[0], 0, scorer) - margin(logits[1], 0, scorer);
      assertThat(all.stream().mapToDouble(Contribution::weight).sum()).isCloseTo(expected, offset(1e-4));
      assertThat(scorer.explain(QUESTION, "cooking", 2)).hasSize(2);
    }
  }

  @Test
  void aModelWithAHiddenLayerIsExplainedByOcclusionAndItsTopPhraseIsTheCookingWord() throws Exception {
    try (ClassifierScorer scorer = ClassifierScorer.load(train(16), FeaturizerOptions.inMemory())) {
      List<Contribution> top = scorer.explain(QUESTION, "cooking", 3);

      assertThat(top).hasSize(3);
      assertThat(top.getFirst().phrase()).isEqualTo("oven");
      assertThat(top.getFirst().weight()).isPositive();
      assertThatThrownBy(() -> scorer.explain(QUESTION, "astronomy", 3)).hasMessageContaining("astronomy");
    }
  }

  private static double margin(double[] logits, int clazz, ClassifierScorer scorer) {
    double others = 0;
    for (int c = 0; c < logits.length; c++) {
      others += c == clazz ? 0 : logits[c];
    }
    return (logits[clazz] - others / (logits.length - 1)) / scorer.calibration().temperature();
  }

  private Path train(int hiddenSize) throws Exception {
    Path out = dir.resolve("model-" + hiddenSize);
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER)
            .optFeaturizer("hashed:response=4096,prompt=0,char3=true").optHiddenSize(hiddenSize)
            .optEpochs(10).optBatchSize(8).optSeed(5).build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(dir), ClassifierFixture.COLUMNS))
        .setOutputDirectory(out)
        .build()
        .run();
    return out;
  }
}
