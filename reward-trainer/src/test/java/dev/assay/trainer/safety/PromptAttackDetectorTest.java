package dev.assay.trainer.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.trainer.TestData;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.ClassifierJob;
import dev.assay.trainer.training.ClassifierResult;
import dev.assay.trainer.training.GroupSplit;
import dev.assay.trainer.training.LabeledText;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt-attack detector trained on the set {@code classifier-set} builds from the shared data (skipped
 * when absent), judged on jailbreak templates it never saw.
 */
class PromptAttackDetectorTest {
  @TempDir Path dir;

  @Test
  void smallHashedDetectorFindsAttacksInUnseenTemplatesWellAboveTheMajorityClass() throws Exception {
    Path shared = TestData.sharedFile("safety/jailbreak-templates-dev.csv.gz").getParent().getParent();
    TestData.sharedFile("safety/harmful-questions-dev.csv.gz");
    TestData.sharedFile("safety/xstest-prompts-dev.csv.gz");
    TestData.sharedFile("alpaca-eval-judged-pairs-dev.jsonl.gz");
    Path file = dir.resolve("prompt-attack.csv.gz");
    ClassifierSets.write(ClassifierSets.build(ClassifierSets.Kind.PROMPT_ATTACK, new SafetySources(shared), 19), file);
    LabeledTextSet set = LabeledTexts.read(file, new TextColumns("text", "label", "group"));
    GroupSplit.Split split = GroupSplit.holdOut(set, 0.25, "test");
    TrainingConfig config = TrainingConfig.builder()
        .optKind(ModelKind.CLASSIFIER)
        .optFeaturizer("hashed:response=4096,prompt=0,char3=false")
        .optHiddenSize(16)
        .optEpochs(3)
        .build();

    ClassifierResult result = ClassifierJob.builder()
        .setConfig(config).setTrainingData(split.train()).setOutputDirectory(dir.resolve("model")).build().run();

    List<LabeledText> test = split.held().examples();
    assertThat(test).filteredOn(row -> row.group().startsWith("template-"))
        .extracting(LabeledText::group)
        .doesNotContainAnyElementsOf(split.train().examples().stream().map(LabeledText::group).toList());
    ClassifierReport report;
    try (ClassifierScorer scorer = ClassifierScorer.load(result.modelDirectory(), FeaturizerOptions.inMemory())) {
      report = new ClassifierEvaluator().evaluate(scorer, test);
    }
    Map<String, Long> testLabels = test.stream()
        .collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
    double majority = (double) testLabels.values().stream().max(Long::compare).orElseThrow() / test.size();
    assertThat(report.accuracy()).isGreaterThan(majority + 0.3);
    assertThat(report.perClass().get(ClassifierSets.ATTACK).recall()).isGreaterThan(0.8);
  }
}
