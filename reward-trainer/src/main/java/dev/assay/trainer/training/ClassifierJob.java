package dev.assay.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.featurize.EncoderBlock;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.model.ClassWeightedLoss;
import dev.assay.trainer.model.ClassifierNetwork;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ClassifierSpec;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.ModelManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trains a text classifier and saves it, in the order of {@link TrainingJob} (featurizer, block,
 * {@code Model} and {@code Trainer}, fit epoch by epoch with listeners for metrics, early stopping and
 * checkpoints), then calibrates it: a temperature fitted on the validation split, kept only if it does
 * not raise that split's calibration error. The validation split is taken by group
 * ({@link GroupSplit}), so early stopping and calibration see groups the weights never saw.
 *
 * <p>With {@link TrainingConfig#fineTune()} the network is the sentence encoder ({@link EncoderBlock},
 * from its pretrained weights) with the head on top, fed token ids instead of fixed features, trained
 * by the same loop with two differences from fine-tuning recipes: the encoder learns at its own small
 * rate after a warm-up, and gradients are clipped ({@link GradientClipping}).
 */
public final class ClassifierJob {
  private static final String ENGINE = "PyTorch";
  /** A classifier has no prompt: a bare {@code hashed} gets no prompt columns. */
  private static final String HASHED_WITHOUT_PROMPT = "hashed:prompt=0";
  /** Fine-tuning: steps over which the learning rates rise linearly to their values (the encoder benchmark's). */
  static final int WARM_UP_STEPS = 30;
  /** Fine-tuning: the gradients' global L2 norm is clipped to this. */
  private static final double MAX_GRADIENT_NORM = 1.0;

  private final TrainingConfig config;
  private final LabeledTextSet training;
  private final LabeledTextSet validation;
  private final Path outputDirectory;
  private final FeaturizerOptions featurizerOptions;
  private final List<TrainingObserver> observers;

  private ClassifierJob(Builder builder) {
    config = Objects.requireNonNull(builder.config, "config");
    if (config.kind() != ModelKind.CLASSIFIER) {
      throw new IllegalArgumentException("a classifier job needs kind CLASSIFIER, not " + config.kind());
    }
    outputDirectory = Objects.requireNonNull(builder.outputDirectory, "output directory");
    featurizerOptions = builder.featurizerOptions;
    observers = List.copyOf(builder.observers);
    LabeledTextSet data = Objects.requireNonNull(builder.training, "training data");
    if (data.labels().size() < 2) {
      throw new IllegalArgumentException("column '" + data.columns().label() + "' needs at least two labels, found "
          + data.labels());
    }
    LabeledTextSet held = data.withExamples(List.of());
    if (config.validationFraction() > 0) {
      GroupSplit.Split split = GroupSplit.holdOut(data, config.validationFraction(), GroupSplit.VALIDATION_SALT);
      data = split.train();
      held = split.held();
    }
    if (data.examples().isEmpty()) {
      throw new IllegalArgumentException("no training examples left after the validation split");
    }
    training = data;
    validation = held;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The featurizer spec a classifier trains with for the spec asked for. */
  static String featurizerSpec(String spec) {
    List<String> parts = new ArrayList<>();
    for (String part : spec.split(Pattern.quote("+"))) {
      parts.add(part.strip().equals("hashed") ? HASHED_WITHOUT_PROMPT : part.strip());
    }
    return String.join("+", parts);
  }

  public ClassifierResult run() throws IOException {
    TrainingState state = new TrainingState();
    String dataHash = hash(training);
    Path checkpoints = outputDirectory.resolve("checkpoints");
    List<String> labels = training.labels();
    try (TextInputs inputs = config.fineTune()
            ? TextInputs.tokens(EncoderKind.byFeaturizerName(config.featurizer().strip()))
            : TextInputs.features(Featurizers.create(featurizerSpec(config.featurizer()), featurizerOptions));
        Model model = Model.newInstance("classifier", Device.cpu(), ENGINE)) {
      TextDataset trainSet = TextDataset.ordered(training, inputs, config.batchSize());
      TextDataset validationSet = validation.examples().isEmpty()
          ? null
          : TextDataset.ordered(validation, inputs, config.batchSize());
      trainSet.prepare(null);
      if (validationSet != null) {
        validationSet.prepare(null);
      }
      SequentialBlock head = ClassifierNetwork.create(labels.size(), config.hiddenSize());
      SequentialBlock network = config.fineTune()
          ? ClassifierNetwork.withEncoder(EncoderBlock.pretrained(EncoderKind.byFeaturizerName(inputs.featurizer())), head)
          : head;
      model.setBlock(network);
      Engine.getEngine(ENGINE).setRandomSeed(config.seed());
      CheckpointedEpochs epochs = new CheckpointedEpochs(checkpoints, network, state, config, dataHash,
          config.fineTune() ? new GradientClipping(MAX_GRADIENT_NORM) : null);
      Loss loss = config.balanceClasses()
          ? new ClassWeightedLoss(ClassWeightedLoss.balanced(trainSet.classes(), labels.size()))
          : Loss.softmaxCrossEntropyLoss();
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.adamW()
              .optLearningRateTracker(config.fineTune() ? fineTuningRates(head) : Tracker.fixed(config.learningRate()))
              .optWeightDecays(config.weightDecay())
              .build())
          .optDevices(new Device[] {Device.cpu()})
          .addTrainingListeners(new ClassifierMetricsListener(state, observers))
          .addTrainingListeners(epochs.listeners());
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(inputs.shapes(config.batchSize()));
        epochs.fit(trainer, epoch -> trainSet.shuffled(config.seed(), epoch), validationSet);
      }
      epochs.restoreBest(model.getNDManager());
      ModelManifest manifest = new ModelManifest(
          ModelManifest.FORMAT_VERSION, ModelKind.CLASSIFIER, inputs.featurizer(), inputs.featureDimension(),
          config.hiddenSize(), 0, 1, null, null, dataHash, trainSet.size(), ModelJson.MAPPER.valueToTree(config), null,
          config.fineTune());
      ModelDirectory.write(outputDirectory, network, manifest);
    } catch (ModelLoadException e) {
      throw new IOException("cannot read back a checkpoint: " + e.getMessage(), e);
    }
    // A classifier job never resumes: its checkpoints (a fine-tuned encoder's are ~90 MB each) would only
    // weigh down the model directory that is copied into the registry.
    Checkpoint.deleteDirectory(checkpoints);
    return calibrate(labels, state, dataHash);
  }

  /**
   * The head at {@code learningRate}, the encoder at {@code encoderLearningRate}, both warmed up linearly
   * over the first {@value #WARM_UP_STEPS} steps, so that the head's first large random gradients do not
   * wreck the pretrained weights.
   */
  private ParameterTracker fineTuningRates(Block head) {
    Set<String> headParameters = head.getParameters().values().stream().map(Parameter::getId).collect(Collectors.toSet());
    return (parameterId, step) -> (headParameters.contains(parameterId) ? config.learningRate() : config.encoderLearningRate())
        * Math.min(1f, step / (float) WARM_UP_STEPS);
  }

  /** Writes {@code classifier.json} with the temperature fitted on the validation split. */
  private ClassifierResult calibrate(List<String> labels, TrainingState state, String dataHash) throws IOException {
    new ClassifierSpec(labels, training.columns(), 1, null, null).write(outputDirectory);
    double temperature = 1;
    double before = Double.NaN;
    double after = Double.NaN;
    if (!validation.examples().isEmpty()) {
      double[][] logits;
      try (ClassifierScorer scorer = ClassifierScorer.load(outputDirectory, featurizerOptions)) {
        logits = scorer.logits(validation.examples().stream().map(LabeledText::text).toList());
      } catch (ModelLoadException e) {
        throw new IOException("cannot read back the saved classifier: " + e.getMessage(), e);
      }
      int[] truth = validation.classIndices();
      before = ClassifierEvaluator.expectedCalibrationError(ClassifierEvaluator.softmax(logits, 1), truth);
      double fitted = TemperatureScaling.fit(logits, truth);
      double fittedEce = ClassifierEvaluator.expectedCalibrationError(ClassifierEvaluator.softmax(logits, fitted), truth);
      temperature = fittedEce <= before ? fitted : 1;
      after = Math.min(fittedEce, before);
      new ClassifierSpec(labels, training.columns(), temperature, before, after).write(outputDirectory);
    }
    return new ClassifierResult(outputDirectory, labels, training.examples().size(), validation.examples().size(),
        state.history(), state.bestEpoch(), temperature, before, after);
  }

  private static String hash(LabeledTextSet set) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (LabeledText example : set.examples()) {
        digest.update(example.text().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 1);
        digest.update(example.label().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 2);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Config, training data and output directory are required ({@code set*}); the rest optional. */
  public static final class Builder {
    private TrainingConfig config;
    private LabeledTextSet training;
    private Path outputDirectory;
    private FeaturizerOptions featurizerOptions = FeaturizerOptions.inMemory();
    private final List<TrainingObserver> observers = new ArrayList<>();

    private Builder() {}

    public Builder setConfig(TrainingConfig config) {
      this.config = config;
      return this;
    }

    public Builder setTrainingData(LabeledTextSet training) {
      this.training = training;
      return this;
    }

    public Builder setOutputDirectory(Path outputDirectory) {
      this.outputDirectory = outputDirectory;
      return this;
    }

    public Builder optFeaturizerOptions(FeaturizerOptions featurizerOptions) {
      this.featurizerOptions = featurizerOptions;
      return this;
    }

    public Builder addObserver(TrainingObserver observer) {
      observers.add(observer);
      return this;
    }

    public ClassifierJob build() {
      return new ClassifierJob(this);
    }
  }
}
