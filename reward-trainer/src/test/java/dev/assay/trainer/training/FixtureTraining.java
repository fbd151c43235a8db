package dev.assay.trainer.training;

import dev.assay.trainer.TestData;
import dev.assay.trainer.model.ModelKind;
import java.io.IOException;
import java.nio.file.Path;

/** Small, fast runs on the module's own fixture, so these tests need no shared data. */
final class FixtureTraining {
  private FixtureTraining() {}

  static TrainingConfig config(ModelKind kind) {
    return TrainingConfig.builder()
        .optKind(kind)
        .optFeaturizer("hashed:response=4096,prompt=1024,char3=true")
        .optHiddenSize(16)
        .optEpochs(4)
        .optBatchSize(16)
        .optLearningRate(3e-3f)
        .optValidationFraction(0.2)
        .build();
  }

  static TrainingJob.Builder job(TrainingConfig config, Path out) throws IOException {
    return TrainingJob.builder().setConfig(config).setTrainingData(TestData.fixture()).setOutputDirectory(out);
  }
}
