package dev.assay.guardrail;

import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real topic classifiers (cooking, sports, gardening) trained in-process on {@link ClassifierFixture}. */
public final class ServedTestClassifiers {
  private ServedTestClassifiers() {}

  private static final String HASHED = "hashed:response=4096,prompt=0,char3=true";

  /** Trains a hashed classifier and stores its held-out report with it, as {@code train --test} does. */
  public static Path train(int epochs, float learningRate) throws Exception {
    return train(HASHED, epochs, learningRate);
  }

  /** The same with another featurizer (e.g. {@code minilm}: a head on the frozen sentence encoder). */
  public static Path train(String featurizer, int epochs, float learningRate) throws Exception {
    Path work = Files.createTempDirectory("served-classifier-");
    ClassifierJob.builder()
        .setConfig(TrainingConfig.builder().optKind(ModelKind.CLASSIFIER)
            .optFeaturizer(featurizer).optEpochs(epochs).optBatchSize(8)
            .optLearningRate(learningRate).optSeed(3).build())
        .setTrainingData(LabeledTexts.read(ClassifierFixture.training(work), ClassifierFixture.COLUMNS))
        .setOutputDirectory(work.resolve("model"))
        .build()
        .run();
    try (ClassifierScorer scorer = ClassifierScorer.load(work.resolve("model"), FeaturizerOptions.inMemory())) {
      ClassifierReport report = new ClassifierEvaluator().evaluate(scorer,
          LabeledTexts.read(ClassifierFixture.heldOut(work), new TextColumns("text", "topic", null)).examples());
      ModelDirectory.writeEvaluation(work.resolve("model"), ModelJson.MAPPER.valueToTree(report));
    }
    return work.resolve("model");
  }
}
