package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.featurize.FeaturizerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierJobTest {
  @TempDir Path dir;

  /**
   * A few dozen texts, one epoch of MiniLM fine-tuned with its head: the saved directory holds encoder and
   * head, and the reloaded scorer gives the validation loss the trainer measured in memory.
   */
  @Test
  void fineTunedEncoderIsSavedWithItsHeadAndScoresAfterReloadingAsInMemory() throws Exception {
    LabeledTextSet set = LabeledTexts.read(ClassifierFixture.training(dir), ClassifierFixture.COLUMNS);
    TrainingConfig config = TrainingConfig.builder()
        .optKind(ModelKind.CLASSIFIER)
        .optFeaturizer("minilm")
        .optFineTune(true)
        .optEpochs(1)
        .optBatchSize(16)
        .optValidationFraction(0.3)
        .build();

    ClassifierResult result = ClassifierJob.builder()
        .setConfig(config).setTrainingData(set).setOutputDirectory(dir.resolve("model")).build().run();

    double inMemoryLoss = result.history().getFirst().metrics().get("eval_loss");
    LabeledTextSet validation = GroupSplit.holdOut(set, 0.3, GroupSplit.VALIDATION_SALT).held();
    assertThat(validation.examples()).hasSize(result.validationExamples());
    assertThat(dir.resolve("model/checkpoints")).doesNotExist();
    try (ClassifierScorer scorer = ClassifierScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      assertThat(scorer.manifest().fineTunedEncoder()).isTrue();
      assertThat(scorer.manifest().featurizer()).isEqualTo("minilm");
      double[][] logits = scorer.logits(validation.examples().stream().map(LabeledText::text).toList());
      int[] truth = validation.classIndices();
      double loss = 0;
      for (int i = 0; i < truth.length; i++) {
        loss -= Math.log(ClassifierScorer.softmax(logits[i], 1)[truth[i]]);
      }
      assertThat(loss / truth.length).isCloseTo(inMemoryLoss, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(scorer.explain("How long should I simmer the soup on the stove?", "cooking", 3)).hasSize(3);
    }
  }

  @Test
  void fineTuningIsDeterministicForASeed() throws Exception {
    LabeledTextSet set = LabeledTexts.read(ClassifierFixture.training(dir), ClassifierFixture.COLUMNS);
    TrainingConfig config = TrainingConfig.builder()
        .optKind(ModelKind.CLASSIFIER).optFeaturizer("minilm").optFineTune(true).optEpochs(1).optBatchSize(16)
        .optSeed(5).build();

    ClassifierResult first = ClassifierJob.builder()
        .setConfig(config).setTrainingData(set).setOutputDirectory(dir.resolve("first")).build().run();
    ClassifierResult second = ClassifierJob.builder()
        .setConfig(config).setTrainingData(set).setOutputDirectory(dir.resolve("second")).build().run();

    assertThat(ModelDirectory.readManifest(second.modelDirectory()).parametersSha256())
        .isEqualTo(ModelDirectory.readManifest(first.modelDirectory()).parametersSha256());
  }

  @Test
  void calibrationOnTheValidationSplitLowersOrKeepsItsCalibrationError() throws Exception {
    LabeledTextSet set = LabeledTexts.read(ClassifierFixture.training(dir), ClassifierFixture.COLUMNS);
    TrainingConfig config = TrainingConfig.builder()
        .optKind(ModelKind.CLASSIFIER)
        .optFeaturizer("hashed:response=4096,prompt=0,char3=true")
        .optEpochs(10)
        .optBatchSize(8)
        .optValidationFraction(0.3)
        .build();

    ClassifierResult result = ClassifierJob.builder()
        .setConfig(config).setTrainingData(set).setOutputDirectory(dir.resolve("model")).build().run();

    assertThat(result.validationExamples()).isPositive();
    assertThat(result.calibratedValidationEce()).isLessThanOrEqualTo(result.uncalibratedValidationEce() + 1e-9);
    assertThat(result.temperature()).isPositive();
    try (ClassifierScorer scorer = ClassifierScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      assertThat(scorer.labels()).containsExactly("cooking", "gardening", "sports");
      assertThat(scorer.columns()).isEqualTo(ClassifierFixture.COLUMNS);
      double[][] p = scorer.probabilities(List.of("How long should I simmer the soup on the stove?"));
      assertThat(p[0][0] + p[0][1] + p[0][2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(p[0][0]).isGreaterThan(Math.max(p[0][1], p[0][2]));
    }
  }
}
