package dev.assay.trainer.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import java.nio.file.Path;
import java.util.List;

/** Saves a freshly initialised network (no training needed) and what it scored before saving. */
final class SavedNetwork {
  static final String FEATURIZER = "hashed:response=1024,prompt=256,char3=true";
  static final List<Message> PROMPT = List.of(Message.user("Can you help me write a cover letter?"));
  static final List<String> RESPONSES = List.of("Sure! Start with the role you want.", "No.", "Write it yourself!");

  private SavedNetwork() {}

  /**
   * What the network scored before it was saved: through DJL's forward pass, and through its
   * parameters copied into {@link HeadWeights} (what a loaded scorer uses).
   */
  record Scores(float[] djl, float[] head) {}

  /** Writes a model directory to {@code dir}; returns the raw rewards of {@link #RESPONSES} before saving. */
  static Scores save(Path dir, ModelKind kind) throws Exception {
    try (Featurizer featurizer = Featurizers.create(FEATURIZER, FeaturizerOptions.inMemory());
        Model model = Model.newInstance("test", Device.cpu(), "PyTorch")) {
      Engine.getEngine("PyTorch").setRandomSeed(7);
      RewardNetwork network = new RewardNetwork(kind, 8);
      network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, featurizer.dimension()));
      model.setBlock(network);
      float[][] features = featurizer.featurize(PROMPT, RESPONSES);
      float[] djl;
      try (Predictor<float[][], float[]> predictor = model.newPredictor(new FeatureTranslator())) {
        djl = predictor.predict(features);
      }
      ModelDirectory.write(dir, network, new ModelManifest(
          ModelManifest.FORMAT_VERSION, kind, featurizer.spec(), featurizer.dimension(), 8, 0.25, 2.0,
          network.tieLogit(), null, "test-data", 3, null, null, false));
      return new Scores(djl, network.weights(featurizer.dimension()).rewards(featurizer.featurizeSparse(PROMPT, RESPONSES)));
    }
  }
}
