package dev.assay.trainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelDirectory;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingPairs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eval --model DIR --data FILE}: prints exactly one JSON line on stdout,
 * {@code {"pairs":N,"ties":T,"accuracy":A,"ece":E}}, followed for a preference model by
 * {@code logLoss}, {@code tieRate} and {@code meanTieProbability}. Ties are counted and excluded from
 * the accuracy. On a classifier it prints
 * {@code {"examples":N,"accuracy":A,"macro_f1":F,"ece":E,"per_class":{...}}}, reading from
 * {@code --data} the columns the classifier was trained with.
 */
@Dependent
@Unremovable
@Needs(Need.FILES)
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluate a saved model on a preference file (a classifier: on a CSV or JSON lines file); prints one JSON line.")
public class EvalCommand implements Callable<Integer> {
  @Inject TrainerSettings settings;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model directory (with model.json).")
  Path model;

  @Option(names = "--data", required = true, description = "Preference file in any importable format (gzip ok).")
  Path data;

  @Option(names = "--cache-dir", description = "Embedding cache directory (default: the app's data directory).")
  Path cacheDir;

  @Override
  public Integer call() {
    try {
      if (ModelDirectory.readManifest(model).kind() == ModelKind.CLASSIFIER) {
        return evaluateClassifier();
      }
    } catch (ModelLoadException | IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("eval: " + e.getMessage());
      return 1;
    }
    try (RewardScorer scorer = RewardScorer.load(model, CacheDirectory.options(cacheDir, settings))) {
      EvaluationReport report = new PairEvaluator().evaluate(scorer, TrainingPairs.read(data));
      spec.commandLine().getOut().println(summaryLine(report));
      return 0;
    } catch (IOException | ModelLoadException | DatasetFormatException | IllegalArgumentException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 1;
    }
  }

  /** Reads the text and label columns the classifier was trained with from {@code --data} (groups play no part). */
  private int evaluateClassifier() throws ModelLoadException, IOException {
    try (ClassifierScorer scorer = ClassifierScorer.load(model, CacheDirectory.options(cacheDir, settings))) {
      TextColumns columns = new TextColumns(scorer.columns().text(), scorer.columns().label(), null);
      LabeledTextSet examples = LabeledTexts.read(data, columns);
      ClassifierReport report = new ClassifierEvaluator().evaluate(scorer, examples.examples());
      spec.commandLine().getOut().println(ModelJson.MAPPER.writeValueAsString(report));
      return 0;
    }
  }

  static String summaryLine(EvaluationReport report) throws JsonProcessingException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("pairs", report.pairs());
    summary.put("ties", report.ties());
    summary.put("accuracy", report.accuracy());
    summary.put("ece", report.ece());
    if (report.tieCalibration() != null) {
      summary.put("logLoss", report.logLoss());
      summary.put("tieRate", report.tieCalibration().observedRate());
      summary.put("meanTieProbability", report.tieCalibration().meanPredicted());
    }
    return ModelJson.MAPPER.writeValueAsString(summary);
  }
}
