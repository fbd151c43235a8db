package dev.assay.bench;

import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.PromptSplit;
import dev.assay.trainer.training.TrainingConfig;
import dev.assay.trainer.training.TrainingJob;
import dev.assay.trainer.training.TrainingPairs;
import dev.assay.trainer.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * 5-fold cross-validation by prompt hash of reward models on the 1,732 HH-RLHF harmless dev pairs,
 * one line per featurizer: mean and spread of held-out accuracy, training pairs/s.
 *
 * <p>Minutes of CPU per featurizer. Run it with {@code infra/bench/harness/run.sh FeaturizerBenchmark}
 * (see {@code infra/bench/harness/README.md}), optionally with
 * {@code -Dassay.bench.featurizers=hashed,minilm -Dassay.bench.hidden=64}, and for a learning curve
 * {@code -Dassay.bench.trainFractions=0.25,0.5,1}: each fold trains on that share of its training prompts
 * and is tested on the same held-out fold. Sentence embeddings are cached in
 * {@code infra/bench/harness/target/embedding-cache} ({@code -Dassay.bench.embedding-cache=DIR}), so only
 * the first run encodes.
 */
public final class FeaturizerBenchmark {
  private static final int FOLDS = 5;

  private FeaturizerBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      // a -D setting written after the class name arrives here and would be ignored
      throw new IllegalArgumentException("no arguments expected (settings are -D options before the class name): "
          + String.join(" ", args));
    }
    PairSet all = TrainingPairs.read(SharedData.file(SharedData.HH));
    List<String> featurizers = Arrays.asList(
        System.getProperty("assay.bench.featurizers", "hashed,minilm,bge,hashed+minilm").split(","));
    double[] trainFractions = Arrays.stream(System.getProperty("assay.bench.trainFractions", "1").split(","))
        .mapToDouble(Double::parseDouble).toArray();
    int hidden = Integer.getInteger("assay.bench.hidden", TrainingConfig.builder().build().hiddenSize());
    FeaturizerOptions options = FeaturizerOptions.persistent(Path.of(System.getProperty("assay.bench.embedding-cache",
        SharedData.repositoryRoot().resolve("infra/bench/harness/target/embedding-cache").toString())));
    System.out.printf(Locale.ROOT, "HH-RLHF harmless dev, %d pairs, %d-fold CV by prompt hash, hidden %d%n",
        all.pairs().size(), FOLDS, hidden);
    for (String featurizer : featurizers) {
      for (double fraction : trainFractions) {
        crossValidate(all, TrainingConfig.builder().optFeaturizer(featurizer).optHiddenSize(hidden).build(),
            fraction, options);
      }
    }
  }

  /** One line: held-out accuracy over the folds when training on {@code fraction} of each fold's training prompts. */
  private static void crossValidate(PairSet all, TrainingConfig config, double fraction, FeaturizerOptions options)
      throws Exception {
    double[] accuracy = new double[FOLDS];
    double[] pairsPerSecond = new double[FOLDS];
    int trainingPairs = 0;
    for (int fold = 0; fold < FOLDS; fold++) {
      PromptSplit.Split split = PromptSplit.fold(all, fold, FOLDS, "cv");
      // The same salt at every fraction makes the smaller training sets subsets of the larger ones.
      PairSet train = fraction >= 1 ? split.train() : PromptSplit.holdOut(split.train(), fraction, "curve").held();
      trainingPairs += train.pairs().size();
      Path out = Files.createTempDirectory("bench-model");
      TrainingResult result = TrainingJob.builder()
          .setConfig(config).setTrainingData(train).setOutputDirectory(out).optFeaturizerOptions(options)
          .build().run();
      try (RewardScorer scorer = RewardScorer.load(out, options)) {
        EvaluationReport report = new PairEvaluator().evaluate(scorer, split.held());
        accuracy[fold] = report.accuracy();
      }
      pairsPerSecond[fold] = result.pairsPerSecond();
    }
    double mean = Arrays.stream(accuracy).average().orElseThrow();
    double std = Math.sqrt(Arrays.stream(accuracy).map(a -> (a - mean) * (a - mean)).sum() / (FOLDS - 1));
    System.out.printf(Locale.ROOT,
        "BENCH %-14s train %4d pairs (%3.0f%%) accuracy %.4f ± %.4f (folds %s), %.0f training pairs/s%n",
        config.featurizer(), trainingPairs / FOLDS, fraction * 100, mean, std,
        Arrays.toString(Arrays.stream(accuracy).map(a -> Math.round(a * 1000) / 1000.0).toArray()),
        Arrays.stream(pairsPerSecond).average().orElseThrow());
  }
}
