package dev.assay.trainer.cli;

import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.NeedsFromArguments;
import dev.assay.platform.cli.ProgressOutput;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.data.SnapshotPairs;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.ClassifierResult;
import dev.assay.trainer.training.GroupSplit;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.PromptSplit;
import dev.assay.trainer.training.TrainingConfig;
import dev.assay.trainer.training.TrainingJob;
import dev.assay.trainer.training.TrainingPairs;
import dev.assay.trainer.training.TrainingResult;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train --data FILE --out DIR}: trains on any importable preference file, holds out a test
 * split by prompt hash, evaluates on it, stores the report in {@code model.json} and prints it as
 * JSON on stdout; progress goes to stderr. With {@code --kind classifier} it trains a text classifier
 * on a CSV or JSON lines file instead ({@code --text-column}, {@code --label-column}, optionally
 * {@code --group-column}), holding out the test split by group.
 */
@Dependent
@Unremovable
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a reward or preference model on a preference file, or a text classifier on a CSV or"
        + " JSON lines file, and evaluate it on held-out prompts or groups.")
public class TrainCommand implements Callable<Integer>, NeedsFromArguments {
  /**
   * The best featurizer measured by 5-fold cross-validation by prompt hash on the 1,732 HH-RLHF
   * harmless dev pairs (reward model, default config; {@code FeaturizerBenchmark}): held-out accuracy
   * bge 0.642 ± 0.015, hashed+minilm 0.640 ± 0.020, hashed 0.622 ± 0.014, minilm 0.612 ± 0.024.
   * bge also trains fastest (768 features); its cost is encoding, ~56 texts/s once per text (cached).
   */
  static final String DEFAULT_FEATURIZER = "bge";

  /**
   * The best featurizer measured for classifiers on groups never seen in training (infra/bench/RESULTS.md,
   * "Classifiers"): hashed n-grams.
   */
  static final String DEFAULT_CLASSIFIER_FEATURIZER = "hashed";

  private static final String TEST_SALT = "test";

  /**
   * Texts per optimizer step when fine-tuning an encoder: 16, the encoder benchmark's 8 pairs, against the
   * default 32 for a head alone (an encoder's step costs memory per text, and smaller steps suit its rate).
   */
  static final int FINE_TUNE_BATCH_SIZE = 16;

  /** A usage error: the arguments cannot go together (picocli's own code for one). */
  private static final int USAGE_ERROR = 2;

  @Inject TrainerSettings settings;

  /** Reads snapshots when {@code --data} names one; absent when the command is built by hand (tests). */
  @Inject SnapshotPairs snapshotPairs;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true,
      description = "Preference file in any importable format (gzip ok), or a snapshot id (its train,"
          + " validation and test splits are used).")
  Path data;

  @Option(names = "--out", required = true, description = "Model directory to write.")
  Path out;

  @Option(names = "--featurizer",
      description = "hashed, minilm, bge or hashed+minilm (default: " + DEFAULT_FEATURIZER + ", for a classifier "
          + DEFAULT_CLASSIFIER_FEATURIZER + ").")
  String featurizer;

  @Option(names = "--kind", defaultValue = "reward",
      description = "reward, preference or classifier (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--text-column", description = "Classifier: the column (CSV) or key (JSON lines) of the text.")
  String textColumn;

  @Option(names = "--label-column", description = "Classifier: the column of the class label.")
  String labelColumn;

  @Option(names = "--group-column",
      description = "Classifier: rows sharing this column's value stay on one side of the test and validation splits.")
  String groupColumn;

  @Option(names = "--epochs", description = "Maximum epochs (default: the config default).")
  Integer epochs;

  @Option(names = "--hidden-size", description = "Width of the head's hidden layer, 0 for a linear head (default: the config default).")
  Integer hiddenSize;

  @Option(names = "--fine-tune",
      description = "Classifier: train the sentence encoder (--featurizer minilm or bge) with the head, on the"
          + " PyTorch engine, " + FINE_TUNE_BATCH_SIZE + " texts a step; slower than training the head alone on"
          + " its fixed embeddings.")
  boolean fineTune;

  @Option(names = "--balance-classes",
      description = "Classifier: weight classes inversely to their frequency, for rare classes and macro F1.")
  boolean balanceClasses;

  @Option(names = "--seed", description = "Random seed (default: the config default).")
  Integer seed;

  @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share of prompts held out for the test.")
  double testFraction;

  @Option(names = "--cache-dir", description = "Embedding cache directory (default: the app's data directory).")
  Path cacheDir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (fineTune && !("classifier".equalsIgnoreCase(kind.strip()) && featurizer != null && isEncoder(featurizer))) {
      err.println(spec.qualifiedName() + ": --fine-tune needs --kind classifier and --featurizer minilm or bge");
      return USAGE_ERROR;
    }
    try {
      FeaturizerOptions options = CacheDirectory.options(cacheDir, settings);
      if (modelKind() == ModelKind.CLASSIFIER) {
        return trainClassifier(options, err);
      }
      Long snapshot = snapshotId();
      PromptSplit.Split split = snapshot != null
          ? new PromptSplit.Split(snapshotPairs.pairs(snapshot, "train"), snapshotPairs.pairs(snapshot, "test"))
          : PromptSplit.holdOut(TrainingPairs.read(data), testFraction, TEST_SALT);
      TrainingJob.Builder job = TrainingJob.builder()
          .setConfig(config())
          .setTrainingData(split.train());
      if (snapshot != null) {
        job.optValidationData(snapshotPairs.pairs(snapshot, "validation"));
      }
      TrainingResult result = job
          .setOutputDirectory(out)
          .optFeaturizerOptions(options)
          .addObserver(progressBar(err))
          .build()
          .run();
      EvaluationReport report = evaluate(options, split.held());
      ModelDirectory.writeEvaluation(out, ModelJson.MAPPER.valueToTree(report));
      err.printf(Locale.ROOT, "trained on %d pairs (%.0f pairs/s), best epoch %d; test accuracy %.4f on %d pairs%n",
          result.trainingPairs(), result.pairsPerSecond(), result.bestEpoch(), report.accuracy(), report.pairs());
      spec.commandLine().getOut().println(ModelJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      return 0;
    } catch (IOException | ModelLoadException | DatasetFormatException | ProblemException | IllegalArgumentException e) {
      err.println(spec.qualifiedName() + ": " + e.getMessage());
      return 1;
    }
  }

  private static boolean isEncoder(String name) {
    try {
      EncoderKind.byFeaturizerName(name.strip());
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ProgressBar progressBar(PrintWriter err) {
    boolean terminal = ProgressOutput.onTerminal();
    return new ProgressBar(new ProgressOutput(err, terminal, ProgressBar.PLAIN_PERIOD), terminal);
  }

  /** A file needs no database; a snapshot id (a number that names no file) is read from it. */
  @Override
  public Need needs() {
    return Files.exists(data) || !data.toString().matches("\\d+") ? Need.FILES : Need.DATABASE;
  }

  /** The snapshot id when {@code --data} is a number and not an existing file. */
  private Long snapshotId() {
    if (needs() == Need.FILES) {
      return null;
    }
    if (snapshotPairs == null) {
      throw new IllegalArgumentException("--data " + data + " is not a file, and snapshots need the application");
    }
    return Long.parseLong(data.toString());
  }

  /** A classifier on a CSV or JSON lines file; the test split is by group, as validation is. */
  private int trainClassifier(FeaturizerOptions options, PrintWriter err) throws IOException, ModelLoadException {
    if (textColumn == null || labelColumn == null) {
      throw new IllegalArgumentException("--kind classifier needs --text-column and --label-column");
    }
    LabeledTextSet examples = LabeledTexts.read(data, new TextColumns(textColumn, labelColumn, groupColumn));
    GroupSplit.Split split = GroupSplit.holdOut(examples, testFraction, GroupSplit.TEST_SALT);
    ClassifierResult result = ClassifierJob.builder()
        .setConfig(config())
        .setTrainingData(split.train())
        .setOutputDirectory(out)
        .optFeaturizerOptions(options)
        .addObserver(progressBar(err))
        .build()
        .run();
    ClassifierReport report;
    try (ClassifierScorer scorer = ClassifierScorer.load(out, options)) {
      report = new ClassifierEvaluator().evaluate(scorer, split.held().examples());
    }
    ModelDirectory.writeEvaluation(out, ModelJson.MAPPER.valueToTree(report));
    err.printf(Locale.ROOT,
        "trained on %d examples, best epoch %d, temperature %.3f (validation ECE %.4f -> %.4f); test accuracy %.4f,"
            + " macro F1 %.4f on %d examples%n",
        result.trainingExamples(), result.bestEpoch(), result.temperature(), result.uncalibratedValidationEce(),
        result.calibratedValidationEce(), report.accuracy(), report.macroF1(), report.examples());
    spec.commandLine().getOut().println(ModelJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    return 0;
  }

  private TrainingConfig config() {
    String chosen = featurizer != null ? featurizer
        : modelKind() == ModelKind.CLASSIFIER ? DEFAULT_CLASSIFIER_FEATURIZER : DEFAULT_FEATURIZER;
    TrainingConfig.Builder builder = TrainingConfig.builder()
        .optFeaturizer(chosen)
        .optKind(modelKind());
    if (epochs != null) {
      builder.optEpochs(epochs);
    }
    if (seed != null) {
      builder.optSeed(seed);
    }
    if (hiddenSize != null) {
      builder.optHiddenSize(hiddenSize);
    }
    if (fineTune) {
      builder.optFineTune(true).optBatchSize(FINE_TUNE_BATCH_SIZE);
    }
    builder.optBalanceClasses(balanceClasses);
    return builder.build();
  }

  private ModelKind modelKind() {
    try {
      return ModelKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kind must be reward, preference or classifier, not '" + kind + "'", e);
    }
  }

  private EvaluationReport evaluate(FeaturizerOptions options, PairSet test) throws ModelLoadException {
    try (RewardScorer scorer = RewardScorer.load(out, options)) {
      return new PairEvaluator().evaluate(scorer, test);
    }
  }
}
