package dev.assay.trainer.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.model.FeatureTranslator;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.ModelManifest;
import dev.assay.trainer.model.PairLoss;
import dev.assay.trainer.model.RewardNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Trains a reward or preference model and saves it, in DJL's order: featurizer, block, {@code Model}
 * and {@code Trainer} in try-with-resources, initialise, fit epoch by epoch, save.
 *
 * <p>Progress, metrics, early stopping and checkpoints are {@code TrainingListener}s. Training is
 * deterministic for a config and data: the PyTorch engine's RNG is seeded before the weights are
 * initialised, epochs are shuffled by {@code Random(seed, epoch)}, and DJL runs one batch at a time.
 * An observer may throw to abort a run; its last checkpoint stays usable by {@link #resumeFrom}.
 */
public final class TrainingJob {
  private static final String ENGINE = "PyTorch";
  private static final String VALIDATION_SALT = "validation";

  private final TrainingConfig config;
  private final PairSet training;
  private final PairSet validation;
  private final Path outputDirectory;
  private final Path checkpointDirectory;
  private final FeaturizerOptions featurizerOptions;
  private final List<TrainingObserver> observers;

  private TrainingJob(Builder builder) {
    config = Objects.requireNonNull(builder.config, "config");
    if (config.kind() == ModelKind.CLASSIFIER) {
      throw new IllegalArgumentException("a classifier trains on labelled texts (ClassifierJob), not on pairs");
    }
    outputDirectory = Objects.requireNonNull(builder.outputDirectory, "output directory");
    checkpointDirectory =
        builder.checkpointDirectory != null ? builder.checkpointDirectory : outputDirectory.resolve("checkpoints");
    featurizerOptions = builder.featurizerOptions;
    observers = List.copyOf(builder.observers);
    PairSet data = Objects.requireNonNull(builder.training, "training data");
    PairSet heldOut = builder.validation;
    if (heldOut == null && config.validationFraction() > 0) {
      PromptSplit.Split split = PromptSplit.holdOut(data, config.validationFraction(), VALIDATION_SALT);
      data = split.train();
      heldOut = split.held();
    }
    if (config.kind() == ModelKind.REWARD) {
      data = data.withoutTies(DropReason.TIE_IN_REWARD_MODEL);
      heldOut = heldOut == null ? null : heldOut.withoutTies(DropReason.TIE_IN_REWARD_MODEL);
    }
    if (data.pairs().isEmpty()) {
      throw new IllegalArgumentException("no training pairs left (dropped: " + data.dropped() + ")");
    }
    training = data;
    validation = heldOut == null ? data.withPairs(List.of()) : heldOut;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The pairs this job trains on, after the validation split and tie handling. */
  public PairSet trainingData() {
    return training;
  }

  /** Trains from scratch, checkpointing every epoch. */
  public TrainingResult run() throws IOException {
    return train(new TrainingState(), null);
  }

  /**
   * Continues the run whose checkpoint is in {@code checkpointDirectory} from its last completed epoch
   * (or only saves the model, if it had finished). Refused if the config or the data differ.
   */
  public TrainingResult resumeFrom(Path checkpointDirectory) throws IOException {
    Checkpoint checkpoint = ModelJson.MAPPER.readValue(
        checkpointDirectory.resolve(Checkpoint.FILE).toFile(), Checkpoint.class);
    if (!checkpoint.config().equals(config)) {
      throw new IllegalStateException("checkpoint was written with another config: " + checkpoint.config());
    }
    if (!checkpoint.dataHash().equals(TrainingPairs.hash(training.pairs()))) {
      throw new IllegalStateException("checkpoint was written for other training data");
    }
    TrainingState state = TrainingState.from(checkpoint);
    return train(state, checkpointDirectory.resolve(Checkpoint.parametersFile(state.completedEpochs())));
  }

  private TrainingResult train(TrainingState state, Path resumeParameters) throws IOException {
    String dataHash = TrainingPairs.hash(training.pairs());
    try (Featurizer featurizer = Featurizers.create(config.featurizer(), featurizerOptions);
        Model model = Model.newInstance("reward", Device.cpu(), ENGINE)) {
      PairDataset trainSet = PairDataset.ordered(training.pairs(), featurizer, config.batchSize(), config.useMargin());
      PairDataset validationSet = validation.pairs().isEmpty()
          ? null
          : PairDataset.ordered(validation.pairs(), featurizer, config.batchSize(), config.useMargin());
      trainSet.prepare(null);
      if (validationSet != null) {
        validationSet.prepare(null);
      }
      RewardNetwork network = new RewardNetwork(config.kind(), config.hiddenSize());
      if (resumeParameters != null) {
        CheckpointedEpochs.readParameters(resumeParameters, network, model.getNDManager());
      }
      model.setBlock(network);
      Engine.getEngine(ENGINE).setRandomSeed(config.seed());
      CheckpointedEpochs epochs = new CheckpointedEpochs(checkpointDirectory, network, state, config, dataHash, null);

      PairMetricsListener metrics = new PairMetricsListener(state);
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(
              PairLoss.forKind(config.kind(), config.centeringCoefficient()))
          .optOptimizer(Optimizer.adamW()
              .optLearningRateTracker(Tracker.fixed(config.learningRate()))
              .optWeightDecays(config.weightDecay())
              .build())
          .optDevices(new Device[] {Device.cpu()})
          .addTrainingListeners(metrics)
          .addTrainingListeners(epochs.listeners())
          .addTrainingListeners(
              new ProgressReporting(observers, state, metrics, config.epochs(), trainSet.batchesPerEpoch()));
      long start = System.nanoTime();
      int epochsRun;
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        Shape features = new Shape(config.batchSize(), featurizer.dimension());
        trainer.initialize(features, features);
        epochsRun = epochs.fit(trainer, epoch -> trainSet.shuffled(config.seed(), epoch), validationSet);
      }
      double pairsPerSecond = epochsRun * (double) trainSet.size() / ((System.nanoTime() - start) / 1e9);

      epochs.restoreBest(model.getNDManager());
      double[] stats = rewardStatistics(model, trainSet);
      ModelManifest manifest = new ModelManifest(
          ModelManifest.FORMAT_VERSION, config.kind(), featurizer.spec(), featurizer.dimension(),
          config.hiddenSize(), stats[0], stats[1], network.tieLogit(), null, dataHash, trainSet.size(),
          ModelJson.MAPPER.valueToTree(config), null, false);
      ModelDirectory.write(outputDirectory, network, manifest);
      return new TrainingResult(
          outputDirectory, ModelDirectory.readManifest(outputDirectory), state.history(), state.bestEpoch(),
          state.stopRequested(), trainSet.size(), validation.pairs().size(), pairsPerSecond);
    } catch (ModelLoadException e) {
      throw new IOException("cannot read back a checkpoint or the saved model: " + e.getMessage(), e);
    }
  }

  /** Mean and standard deviation of the rewards of all training responses, for z-scores. */
  private static double[] rewardStatistics(Model model, PairDataset trainSet) {
    double sum = 0;
    double squares = 0;
    long count = 0;
    int batch = 256;
    try (Predictor<float[][], float[]> predictor = model.newPredictor(new FeatureTranslator())) {
      for (int from = 0; from < trainSet.size(); from += batch) {
        float[][][] features = trainSet.features(IntStream.range(from, Math.min(from + batch, trainSet.size())).boxed().toList());
        for (float[][] side : features) {
          for (float reward : predictor.predict(side)) {
            sum += reward;
            squares += (double) reward * reward;
            count++;
          }
        }
      }
    } catch (TranslateException e) {
      throw new IllegalStateException("scoring the training set failed", e);
    }
    double mean = sum / count;
    return new double[] {mean, Math.sqrt(Math.max(squares / count - mean * mean, 0))};
  }

  /** Config, training data and output directory are required ({@code set*}); the rest optional. */
  public static final class Builder {
    private TrainingConfig config;
    private PairSet training;
    private PairSet validation;
    private Path outputDirectory;
    private Path checkpointDirectory;
    private FeaturizerOptions featurizerOptions = FeaturizerOptions.inMemory();
    private final List<TrainingObserver> observers = new ArrayList<>();

    private Builder() {}

    public Builder setConfig(TrainingConfig config) {
      this.config = config;
      return this;
    }

    public Builder setTrainingData(PairSet training) {
      this.training = training;
      return this;
    }

    /** Validation pairs; without them {@link TrainingConfig#validationFraction()} is split off. */
    public Builder optValidationData(PairSet validation) {
      this.validation = validation;
      return this;
    }

    /** Where the model directory is written. */
    public Builder setOutputDirectory(Path outputDirectory) {
      this.outputDirectory = outputDirectory;
      return this;
    }

    /** Where per-epoch checkpoints go; default {@code <output>/checkpoints}. */
    public Builder optCheckpointDirectory(Path checkpointDirectory) {
      this.checkpointDirectory = checkpointDirectory;
      return this;
    }

    /** Where featurizers may cache (embedding cache directory); default in memory. */
    public Builder optFeaturizerOptions(FeaturizerOptions featurizerOptions) {
      this.featurizerOptions = featurizerOptions;
      return this;
    }

    public Builder addObserver(TrainingObserver observer) {
      observers.add(observer);
      return this;
    }

    public TrainingJob build() {
      return new TrainingJob(this);
    }
  }
}
