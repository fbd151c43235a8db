package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.featurize.FeaturizerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierJobTest {
  @TempDir Path dir;

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
