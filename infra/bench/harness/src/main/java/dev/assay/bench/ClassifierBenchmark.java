package dev.assay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.trainer.cli.ClassifierSetCommand;
import dev.assay.trainer.cli.TrainCommand;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.safety.ClassifierSets;
import dev.assay.trainer.training.GroupSplit;
import dev.assay.trainer.training.LabeledText;
import dev.assay.trainer.training.LabeledTexts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The safety classifiers of {@code infra/bench/RESULTS.md} ("Classifiers"), each trained and tested by the
 * CLI's own {@code train --kind classifier} (test split of 20% by group, the split the CLI takes), next
 * to a refusal-phrase keyword rule on the same test rows where one applies. The prompt-attack and
 * harmful-request detectors train on the sets {@code classifier-set} builds from the shared directory,
 * next to a majority-class and a length rule, with the test rows broken down by source. Prints one line
 * per classifier and featurizer. Settings:
 * {@code -Dassay.bench.classifiers=jailbreak,xstest,tweets,prompt-attack,harmful-request},
 * {@code -Dassay.bench.featurizers=hashed}, {@code -Dassay.bench.epochs=N} and {@code -Dassay.bench.hidden=N} (the CLI defaults otherwise),
 * {@code -Dassay.bench.balance=true} (class weights), {@code -Dassay.bench.fine-tune=true} (the encoder featurizers
 * fine-tuned with the head, {@code --fine-tune}; printed as e.g. {@code minilm-ft}),
 * {@code -Dassay.bench.embedding-cache=DIR}.
 */
public final class ClassifierBenchmark {
  /** Refusal phrases: the keyword rule the reference figure (about 0.76 on jailbreak responses) stands for. */
  private static final Pattern REFUSAL = Pattern.compile(
      "i'm sorry|i am sorry|i apologi[sz]e|i cannot|i can't|i can not|i'm not able|i am not able|i won't"
          + "|as an ai|as a language model|i'm unable|i am unable|not appropriate|cannot fulfill|can't assist");

  /**
   * A classifier to train: on a shared file, or ({@code set} not null) on the set {@code classifier-set}
   * builds from the shared directory, written to {@code file} in a temporary directory.
   */
  private record Task(String name, String file, TextColumns columns, String refusalLabel, String complianceLabel,
      ClassifierSets.Kind set) {
    Task(String name, String file, TextColumns columns, String refusalLabel, String complianceLabel) {
      this(name, file, columns, refusalLabel, complianceLabel, null);
    }

    Task(ClassifierSets.Kind set) {
      this(set.cliName(), set.cliName() + ".csv.gz", new TextColumns("text", "label", "group"), null, null, set);
    }
  }

  private static final List<Task> TASKS = List.of(
      new Task("jailbreak", "safety/jailbreak-responses-dev.csv.gz", new TextColumns("Response", "label", "question"),
          "0", "1"),
      new Task("xstest", "safety/xstest-completions-dev.csv.gz", new TextColumns("completion", "final_label", "prompt"),
          "2_full_refusal", "1_full_compliance"),
      new Task("tweets", "safety/offensive-tweets-dev.csv.gz", new TextColumns("tweet", "class", null), null, null),
      new Task(ClassifierSets.Kind.PROMPT_ATTACK),
      new Task(ClassifierSets.Kind.HARMFUL_REQUEST));

  private ClassifierBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      throw new IllegalArgumentException("no arguments: settings are -D properties, see the class documentation");
    }
    List<String> chosen = Arrays.asList(System.getProperty("assay.bench.classifiers",
        "jailbreak,xstest,tweets,prompt-attack,harmful-request").split(","));
    List<String> featurizers = Arrays.asList(System.getProperty("assay.bench.featurizers", "hashed").split(","));
    String cache = System.getProperty("assay.bench.embedding-cache",
        SharedData.repositoryRoot().resolve("infra/bench/harness/target/embedding-cache").toString());
    for (Task task : TASKS) {
      if (!chosen.contains(task.name())) {
        continue;
      }
      Path data = task.set() == null ? SharedData.file(task.file()) : buildSet(task);
      GroupSplit.Split split = GroupSplit.holdOut(LabeledTexts.read(data, task.columns()), 0.2, "test");
      List<LabeledText> test = split.held().examples();
      if (task.refusalLabel() != null) {
        System.out.printf(Locale.ROOT, "%s keyword-rule accuracy %.4f on %d test rows%n",
            task.name(), keywordAccuracy(task, test), test.size());
      }
      if (task.set() != null) {
        printBaselines(task, split);
      }
      for (String featurizer : featurizers) {
        Path out = Files.createTempDirectory("classifier-bench-");
        List<String> command = new ArrayList<>(List.of("--kind", "classifier", "--data", data.toString(),
            "--text-column", task.columns().text(), "--label-column", task.columns().label(),
            "--featurizer", featurizer, "--cache-dir", cache, "--out", out.toString()));
        if (task.columns().group() != null) {
          command.addAll(List.of("--group-column", task.columns().group()));
        }
        if (Boolean.getBoolean("assay.bench.balance")) {
          command.add("--balance-classes");
        }
        boolean fineTune = Boolean.getBoolean("assay.bench.fine-tune");
        if (fineTune) {
          command.add("--fine-tune");
        }
        String variant = fineTune ? featurizer + "-ft" : featurizer;
        if (System.getProperty("assay.bench.hidden") != null) {
          command.addAll(List.of("--hidden-size", System.getProperty("assay.bench.hidden")));
        }
        if (System.getProperty("assay.bench.epochs") != null) {
          command.addAll(List.of("--epochs", System.getProperty("assay.bench.epochs")));
        }
        StringWriter printed = new StringWriter();
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.setOut(new PrintWriter(printed, true));
        long start = System.nanoTime();
        int exit = cli.execute(command.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
          System.out.printf(Locale.ROOT, "%s %s failed (exit %d)%n", task.name(), variant, exit);
          continue;
        }
        JsonNode report = ModelJson.MAPPER.readTree(printed.toString());
        JsonNode spec = ModelJson.MAPPER.readTree(out.resolve("classifier.json").toFile());
        System.out.printf(Locale.ROOT,
            "%s %s accuracy %.4f macro_f1 %.4f ece %.4f on %d test rows; temperature %.3f; %.0f s; per class %s%n",
            task.name(), variant, report.get("accuracy").asDouble(), report.get("macro_f1").asDouble(),
            report.get("ece").asDouble(), report.get("examples").asInt(), spec.get("temperature").asDouble(), seconds,
            ModelJson.MAPPER.writeValueAsString(report.get("per_class")));
        if (task.set() != null) {
          printBySource(task, out, test, cache);
        }
      }
    }
  }

  /** Writes the set the CLI's {@code classifier-set} builds, with its default seed. */
  private static Path buildSet(Task task) throws Exception {
    Path file = Files.createTempDirectory("classifier-set-").resolve(task.file());
    StringWriter printed = new StringWriter();
    CommandLine cli = new CommandLine(new ClassifierSetCommand());
    cli.setOut(new PrintWriter(printed, true));
    int exit = cli.execute(task.set().cliName(), "--data-dir", SharedData.directory().toString(), "--out", file.toString());
    if (exit != 0) {
      throw new IllegalStateException("classifier-set " + task.set().cliName() + " failed (exit " + exit + ")");
    }
    System.out.printf(Locale.ROOT, "%s set %s", task.name(), printed);
    return file;
  }

  /**
   * Two rules a detector must beat on the test rows: the majority class of the training rows, and a
   * length threshold (the best on the training rows), since a filled jailbreak template is much longer
   * than a plain request.
   */
  private static void printBaselines(Task task, GroupSplit.Split split) {
    List<LabeledText> train = split.train().examples();
    List<LabeledText> test = split.held().examples();
    String majority = train.stream()
        .collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    double majorityAccuracy = (double) test.stream().filter(e -> e.label().equals(majority)).count() / test.size();
    String longLabel = task.set() == ClassifierSets.Kind.PROMPT_ATTACK ? ClassifierSets.ATTACK : ClassifierSets.HARMFUL;
    int bestThreshold = 0;
    double bestTrain = -1;
    for (LabeledText candidate : train) {
      int threshold = candidate.text().length();
      double accuracy = lengthRuleAccuracy(train, threshold, longLabel);
      if (accuracy > bestTrain) {
        bestTrain = accuracy;
        bestThreshold = threshold;
      }
    }
    System.out.printf(Locale.ROOT,
        "%s baselines on %d test rows (%d groups): majority class accuracy %.4f; length rule (>= %d chars is %s)"
            + " accuracy %.4f%n",
        task.name(), test.size(), test.stream().map(LabeledText::group).distinct().count(), majorityAccuracy,
        bestThreshold, longLabel, lengthRuleAccuracy(test, bestThreshold, longLabel));
  }

  private static double lengthRuleAccuracy(List<LabeledText> rows, int threshold, String longLabel) {
    long right = rows.stream().filter(e -> (e.text().length() >= threshold) == e.label().equals(longLabel)).count();
    return (double) right / rows.size();
  }

  /**
   * For every source of the test rows (the prefix of their group: template, question, xstest, hh,
   * alpaca) and label, how many the model labels right: the recall of attacks on unseen templates, and
   * one minus the over-refusal on XSTest's safe prompts.
   */
  private static void printBySource(Task task, Path model, List<LabeledText> test, String cache) throws Exception {
    double[][] probabilities;
    List<String> labels;
    try (ClassifierScorer scorer = ClassifierScorer.load(model, FeaturizerOptions.persistent(Path.of(cache)))) {
      probabilities = scorer.probabilities(test.stream().map(LabeledText::text).toList());
      labels = scorer.labels();
    }
    Map<String, int[]> counts = new TreeMap<>();
    for (int i = 0; i < test.size(); i++) {
      LabeledText example = test.get(i);
      int predicted = 0;
      for (int k = 1; k < labels.size(); k++) {
        predicted = probabilities[i][k] > probabilities[i][predicted] ? k : predicted;
      }
      String source = example.group().substring(0, example.group().indexOf('-')) + " " + example.label();
      int[] rightAndAll = counts.computeIfAbsent(source, key -> new int[2]);
      rightAndAll[0] += labels.get(predicted).equals(example.label()) ? 1 : 0;
      rightAndAll[1]++;
    }
    counts.forEach((source, rightAndAll) -> System.out.printf(Locale.ROOT, "%s   %s: %d of %d right (%.4f)%n",
        task.name(), source, rightAndAll[0], rightAndAll[1], (double) rightAndAll[0] / rightAndAll[1]));
  }

  private static double keywordAccuracy(Task task, List<LabeledText> test) {
    long right = test.stream()
        .filter(e -> (REFUSAL.matcher(e.text().toLowerCase(Locale.ROOT)).find() ? task.refusalLabel() : task.complianceLabel())
            .equals(e.label()))
        .count();
    return (double) right / test.size();
  }
}
