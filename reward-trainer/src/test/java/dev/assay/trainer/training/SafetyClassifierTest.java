package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.TestData;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import dev.assay.trainer.model.TextColumns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refusal detector on XStest completions (shared data; skipped when absent), judged on prompts it never saw. */
class SafetyClassifierTest {
  /** The refusal-phrase rule the reference point is measured with. */
  private static final Pattern REFUSAL = Pattern.compile(
      "i'm sorry|i am sorry|i apologi[sz]e|i cannot|i can't|i can not|i'm not able|i am not able|i won't"
          + "|as an ai|as a language model|i'm unable|i am unable|not appropriate|cannot fulfill|can't assist");

  @TempDir Path dir;

  @Test
  void hashedRefusalDetectorBeatsTheKeywordRuleOnUnseenPrompts() throws Exception {
    Path file = TestData.sharedFile("safety/xstest-completions-dev.csv.gz");
    LabeledTextSet set = LabeledTexts.read(file, new TextColumns("completion", "final_label", "prompt"));
    GroupSplit.Split split = GroupSplit.holdOut(set, 0.25, "test");
    TrainingConfig config = TrainingConfig.builder()
        .optKind(ModelKind.CLASSIFIER)
        .optFeaturizer("hashed:response=4096,prompt=0,char3=true")
        .optHiddenSize(32)
        .optEpochs(6)
        .build();

    ClassifierResult result = ClassifierJob.builder()
        .setConfig(config).setTrainingData(split.train()).setOutputDirectory(dir).build().run();

    ClassifierReport report;
    try (ClassifierScorer scorer = ClassifierScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      report = new ClassifierEvaluator().evaluate(scorer, split.held().examples());
    }
    assertThat(report.accuracy()).isGreaterThan(keywordRuleAccuracy(split.held().examples()));
  }

  private static double keywordRuleAccuracy(List<LabeledText> examples) {
    long right = examples.stream()
        .filter(e -> (REFUSAL.matcher(e.text().toLowerCase(Locale.ROOT)).find() ? "2_full_refusal" : "1_full_compliance")
            .equals(e.label()))
        .count();
    return (double) right / examples.size();
  }
}
