package dev.assay.trainer.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.assay.trainer.featurize.EncoderBlock;
import dev.assay.trainer.featurize.EncoderInputs;
import dev.assay.trainer.featurize.EncoderKind;
import java.nio.file.Path;
import java.util.List;

/**
 * A classifier whose sentence encoder was fine-tuned with its head: {@link EncoderBlock} then the
 * {@link ClassifierNetwork} head, saved as one DJL parameter file in the model directory (which so stays
 * self-contained). Scored on DJL's PyTorch engine in batches of texts of similar length. Thread-safe.
 */
final class EncoderClassifier implements AutoCloseable {
  private final Model model;
  private final SequentialBlock network;
  private final EncoderInputs inputs;
  private final int classes;

  private EncoderClassifier(Model model, SequentialBlock network, EncoderInputs inputs, int classes) {
    this.model = model;
    this.network = network;
    this.inputs = inputs;
    this.classes = classes;
  }

  static EncoderClassifier load(Path directory, ModelManifest manifest, int classes) throws ModelLoadException {
    EncoderKind kind;
    try {
      kind = EncoderKind.byFeaturizerName(manifest.featurizer());
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("model.json names no sentence encoder to fine-tune: " + e.getMessage(), e);
    }
    Model model = Model.newInstance("classifier", Device.cpu(), "PyTorch");
    try {
      SequentialBlock network = ClassifierNetwork.withEncoder(
          EncoderBlock.forLoading(kind), ClassifierNetwork.create(classes, manifest.hiddenSize()));
      ModelDirectory.readParameters(directory, manifest, network, model.getNDManager());
      model.setBlock(network);
      return new EncoderClassifier(model, network, EncoderInputs.open(kind), classes);
    } catch (ModelLoadException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Raw logits, one row per text. */
  double[][] logits(List<String> texts) {
    double[][] logits = new double[texts.size()][];
    try (NDManager call = model.getNDManager().newSubManager()) {
      for (EncoderInputs.PositionedBatch batch : inputs.lengthSorted(call, texts)) {
        try (NDManager forward = call.newSubManager()) {
          batch.inputs().attach(forward);
          float[] values = network.forward(new ParameterStore(forward, false), batch.inputs(), false)
              .singletonOrThrow().toFloatArray();
          int[] positions = batch.positions();
          for (int i = 0; i < positions.length; i++) {
            double[] row = new double[classes];
            for (int c = 0; c < classes; c++) {
              row[c] = values[i * classes + c];
            }
            logits[positions[i]] = row;
          }
        }
      }
    }
    return logits;
  }

  @Override
  public void close() {
    inputs.close();
    model.close();
  }
}
