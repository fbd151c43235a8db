package dev.assay.trainer.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.featurize.SparseRow;
import java.nio.file.Path;
import java.util.List;

/**
 * Classifies texts with a saved classifier directory: calibrated class probabilities, in the order of
 * {@link #labels()}. Parameters are read with DJL (format and checksum checked) and applied in plain
 * Java, as {@link RewardScorer} does. Thread-safe.
 */
public final class ClassifierScorer implements AutoCloseable {
  private final ModelManifest manifest;
  private final ClassifierSpec spec;
  private final Featurizer featurizer;
  private final ClassifierWeights weights;

  private ClassifierScorer(ModelManifest manifest, ClassifierSpec spec, Featurizer featurizer, ClassifierWeights weights) {
    this.manifest = manifest;
    this.spec = spec;
    this.featurizer = featurizer;
    this.weights = weights;
  }

  /**
   * @throws ModelLoadException when the directory holds no classifier, or its files are unreadable,
   *     corrupted or do not fit each other
   */
  public static ClassifierScorer load(Path directory, FeaturizerOptions options) throws ModelLoadException {
    ModelManifest manifest = ModelDirectory.readManifest(directory);
    if (manifest.kind() != ModelKind.CLASSIFIER) {
      throw new ModelLoadException(directory + " holds a " + manifest.kind().name().toLowerCase() + " model, not a classifier");
    }
    ClassifierSpec spec = ClassifierSpec.read(directory);
    Featurizer featurizer;
    try {
      featurizer = Featurizers.create(manifest.featurizer(), options);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("model.json names an unusable featurizer: " + e.getMessage(), e);
    }
    try (Model model = Model.newInstance("classifier", Device.cpu(), "PyTorch")) {
      if (featurizer.dimension() != manifest.featureDimension()) {
        throw new ModelLoadException("featurizer " + manifest.featurizer() + " gives " + featurizer.dimension()
            + " features but the model was trained on " + manifest.featureDimension());
      }
      SequentialBlock network = ClassifierNetwork.create(spec.labels().size(), manifest.hiddenSize());
      ModelDirectory.readParameters(directory, manifest, network, model.getNDManager());
      ClassifierWeights weights;
      try {
        weights = ClassifierWeights.of(network, manifest.featureDimension());
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException(directory + ": " + e.getMessage(), e);
      }
      if (weights.classes() != spec.labels().size()) {
        throw new ModelLoadException(directory + ": the head has " + weights.classes() + " outputs for "
            + spec.labels().size() + " labels");
      }
      return new ClassifierScorer(manifest, spec, featurizer, weights);
    } catch (ModelLoadException | RuntimeException e) {
      featurizer.close();
      throw e;
    }
  }

  public ModelManifest manifest() {
    return manifest;
  }

  public List<String> labels() {
    return spec.labels();
  }

  /** The columns the model was trained on. */
  public TextColumns columns() {
    return spec.columns();
  }

  /** Calibrated probabilities, one row per text, one column per label. */
  public double[][] probabilities(List<String> texts) {
    double[][] logits = logits(texts);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = softmax(logits[i], spec.temperature());
    }
    return logits;
  }

  /** Raw (uncalibrated) logits, one row per text. */
  public double[][] logits(List<String> texts) {
    if (texts.isEmpty()) {
      return new double[0][];
    }
    featurizer.warmUp(List.of(List.of()), texts);
    SparseRow[] rows = featurizer.featurizeSparse(List.of(), texts);
    double[][] logits = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      logits[i] = weights.logits(rows[i]);
    }
    return logits;
  }

  /** softmax(logits / temperature), computed stably. */
  public static double[] softmax(double[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l / temperature);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      p[c] = Math.exp(logits[c] / temperature - max);
      sum += p[c];
    }
    for (int c = 0; c < p.length; c++) {
      p[c] /= sum;
    }
    return p;
  }

  @Override
  public void close() {
    featurizer.close();
  }
}
