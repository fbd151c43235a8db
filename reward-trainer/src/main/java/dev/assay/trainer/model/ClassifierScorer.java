package dev.assay.trainer.model;

import ai.djl.nn.SequentialBlock;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.featurize.HashedNgramFeaturizer;
import dev.assay.trainer.featurize.SparseRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies texts with a saved classifier directory: calibrated class probabilities, in the order of
 * {@link #labels()}. Parameters are read with DJL (format and checksum checked). A head on a featurizer's
 * fixed features is applied in plain Java, as {@link RewardScorer} does; a fine-tuned encoder with its head
 * runs on DJL's PyTorch engine ({@link EncoderClassifier}). Thread-safe.
 */
public final class ClassifierScorer implements AutoCloseable {
  /** Most texts scored to explain one by occlusion: longer texts lose windows of words, not single words. */
  static final int OCCLUSION_VARIANTS = 64;

  private final ModelManifest manifest;
  private final ClassifierSpec spec;
  /** The fixed features and the head on them; both null for a fine-tuned encoder. */
  private final Featurizer featurizer;
  private final ClassifierWeights weights;
  /** The fine-tuned encoder with its head; null for a head on fixed features. */
  private final EncoderClassifier encoder;

  private ClassifierScorer(ModelManifest manifest, ClassifierSpec spec, Featurizer featurizer, ClassifierWeights weights,
      EncoderClassifier encoder) {
    this.manifest = manifest;
    this.spec = spec;
    this.featurizer = featurizer;
    this.weights = weights;
    this.encoder = encoder;
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
    if (manifest.fineTunedEncoder()) {
      return new ClassifierScorer(manifest, spec, null, null, EncoderClassifier.load(directory, manifest, spec.labels().size()));
    }
    Featurizer featurizer;
    try {
      featurizer = Featurizers.create(manifest.featurizer(), options);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("model.json names an unusable featurizer: " + e.getMessage(), e);
    }
    try {
      if (featurizer.dimension() != manifest.featureDimension()) {
        throw new ModelLoadException("featurizer " + manifest.featurizer() + " gives " + featurizer.dimension()
            + " features but the model was trained on " + manifest.featureDimension());
      }
      SequentialBlock network = ClassifierNetwork.create(spec.labels().size(), manifest.hiddenSize());
      ModelDirectory.readParameters(directory, manifest, network);
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
      return new ClassifierScorer(manifest, spec, featurizer, weights, null);
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

  /** Whether scoring many texts at once is much cheaper per text than one at a time. */
  public boolean gainsFromBatching() {
    return encoder != null || featurizer.runsNetwork();
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
    if (encoder != null) {
      return encoder.logits(texts);
    }
    featurizer.warmUp(List.of(List.of()), texts);
    SparseRow[] rows = featurizer.featurizeSparse(List.of(), texts);
    double[][] logits = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      logits[i] = weights.logits(rows[i]);
    }
    return logits;
  }

  /**
   * The phrases of {@code text} that moved its score for {@code label} most, by decreasing |weight|. A
   * linear model over hashed n-grams is explained exactly: each n-gram's feature values times the head's
   * weights, so the weights plus the bias sum to the label's margin. Any other model (a hidden layer, a
   * sentence encoder) by occlusion: each word (or window of words, at most {@value #OCCLUSION_VARIANTS}
   * variants) is removed, the variants are scored in one batch, and the weight is how much the margin drops.
   *
   * @throws IllegalArgumentException for a label the model does not have
   */
  public List<Contribution> explain(String text, String label, int top) {
    int clazz = spec.labels().indexOf(label);
    if (clazz < 0) {
      throw new IllegalArgumentException("the model has no label \"" + label + "\"; its labels are " + spec.labels());
    }
    List<Contribution> contributions = featurizer instanceof HashedNgramFeaturizer hashed && weights.linear()
        ? exactContributions(hashed, text, clazz)
        : occlusionContributions(text, clazz);
    return contributions.stream()
        .sorted(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.weight())))
        .limit(top)
        .toList();
  }

  /** The label's calibrated margin: its logit less the mean of the others, over the temperature. */
  private double margin(double[] logits, int clazz) {
    double others = 0;
    for (int c = 0; c < logits.length; c++) {
      others += c == clazz ? 0 : logits[c];
    }
    return (logits[clazz] - others / (logits.length - 1)) / spec.temperature();
  }

  private List<Contribution> exactContributions(HashedNgramFeaturizer hashed, String text, int clazz) {
    Map<String, Double> byPhrase = new LinkedHashMap<>();
    double[] columnLogits = new double[weights.classes()];
    for (HashedNgramFeaturizer.PhraseFeature feature : hashed.phraseFeatures(text)) {
      for (int c = 0; c < columnLogits.length; c++) {
        columnLogits[c] = feature.value() * weights.weight(feature.column(), c);
      }
      byPhrase.merge(feature.phrase(), margin(columnLogits, clazz), Double::sum);
    }
    return byPhrase.entrySet().stream().map(e -> new Contribution(e.getKey(), e.getValue())).toList();
  }

  private List<Contribution> occlusionContributions(String text, int clazz) {
    List<String> words = List.of(text.strip().split("\\s+"));
    int window = Math.max(1, (words.size() + OCCLUSION_VARIANTS - 1) / OCCLUSION_VARIANTS);
    List<String> phrases = new ArrayList<>();
    List<String> variants = new ArrayList<>();
    variants.add(text);
    for (int from = 0; from < words.size(); from += window) {
      int to = Math.min(from + window, words.size());
      phrases.add(String.join(" ", words.subList(from, to)));
      List<String> rest = new ArrayList<>(words.subList(0, from));
      rest.addAll(words.subList(to, words.size()));
      variants.add(String.join(" ", rest));
    }
    double[][] logits = logits(variants);
    double full = margin(logits[0], clazz);
    List<Contribution> contributions = new ArrayList<>();
    for (int i = 0; i < phrases.size(); i++) {
      contributions.add(new Contribution(phrases.get(i), full - margin(logits[i + 1], clazz)));
    }
    return contributions;
  }

  /**
   * What a threshold calibrated on this model's probabilities depends on. Two registry versions with equal
   * calibrations give the same probabilities (the same artifact registered twice), so a threshold carries over.
   *
   * @param parametersSha256 the SHA-256 of the model's parameters
   * @param temperature the logits are divided by it before the softmax
   */
  public record Calibration(String parametersSha256, double temperature) {}

  public Calibration calibration() {
    return new Calibration(manifest.parametersSha256(), spec.temperature());
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
    if (encoder != null) {
      encoder.close();
    } else {
      featurizer.close();
    }
  }
}
