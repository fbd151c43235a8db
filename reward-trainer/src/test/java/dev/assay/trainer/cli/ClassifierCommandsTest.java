package dev.assay.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.trainer.ClassifierFixture;
import dev.assay.trainer.model.ModelJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --kind classifier} and {@code eval} of a classifier, on the topic fixture. */
class ClassifierCommandsTest {
  @TempDir Path dir;

  @Test
  void trainedClassifierIsEvaluatedOnHeldOutRowsWithOneJsonLineWellAboveChance() throws Exception {
    Path model = dir.resolve("model");
    Run train = run(new TrainCommand(), "--kind", "classifier", "--data", ClassifierFixture.training(dir).toString(),
        "--text-column", "text", "--label-column", "topic", "--group-column", "asker", "--featurizer", "hashed",
        "--epochs", "12", "--out", model.toString());

    assertThat(train.exitCode).as(train.err).isZero();
    assertThat(ModelJson.MAPPER.readTree(model.resolve("model.json").toFile()).get("kind").asText())
        .isEqualTo("CLASSIFIER");

    JsonNode summary = evaluateOnHeldOutRows(model);
    assertThat(summary.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.75); // chance is 1/3
    assertThat(summary.get("macro_f1").asDouble()).isGreaterThan(0.6);
    assertThat(summary.get("ece").asDouble()).isBetween(0.0, 1.0);
    JsonNode cooking = summary.at("/per_class/cooking");
    assertThat(cooking.fieldNames()).toIterable().containsExactly("precision", "recall", "f1", "support");
    assertThat(cooking.get("support").asInt()).isEqualTo(4);
    assertThat(summary.get("per_class").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("cooking", "sports", "gardening");
  }

  @Test
  void fineTunedClassifierIsTrainedAndEvaluatedWithTheSameJsonLine() throws Exception {
    Path model = dir.resolve("fine-tuned");
    Run train = run(new TrainCommand(), "--kind", "classifier", "--data", ClassifierFixture.training(dir).toString(),
        "--text-column", "text", "--label-column", "topic", "--group-column", "asker", "--featurizer", "minilm",
        "--fine-tune", "--epochs", "1", "--out", model.toString());

    assertThat(train.exitCode).as(train.err).isZero();
    JsonNode manifest = ModelJson.MAPPER.readTree(model.resolve("model.json").toFile());
    assertThat(manifest.get("fineTunedEncoder").asBoolean()).isTrue();
    assertThat(manifest.at("/trainingConfig/batchSize").asInt()).isEqualTo(TrainCommand.FINE_TUNE_BATCH_SIZE);

    evaluateOnHeldOutRows(model);
  }

  @Test
  void fineTuningWithoutASentenceEncoderIsAOneLineUsageError() {
    Path data = ClassifierFixture.training(dir);
    for (String[] featurizerAndKind : List.of(new String[] {"hashed", "classifier"}, new String[] {"hashed+minilm", "classifier"},
        new String[] {"minilm", "reward"})) {
      Path model = dir.resolve("model");
      Run train = run(new TrainCommand(), "--kind", featurizerAndKind[1], "--data", data.toString(),
          "--text-column", "text", "--label-column", "topic", "--featurizer", featurizerAndKind[0], "--fine-tune",
          "--out", model.toString());

      assertThat(train.exitCode).as(train.err).isEqualTo(2);
      assertThat(train.err.strip())
          .isEqualTo("train: --fine-tune needs --kind classifier and --featurizer minilm or bge");
      assertThat(Files.exists(model)).isFalse();
    }
  }

  @Test
  void unknownColumnIsAOneLineErrorNamingIt() {
    Path model = dir.resolve("model");
    Run train = run(new TrainCommand(), "--kind", "classifier", "--data", ClassifierFixture.training(dir).toString(),
        "--text-column", "text", "--label-column", "category", "--featurizer", "hashed", "--out", model.toString());

    assertThat(train.exitCode).isEqualTo(1);
    assertThat(train.err.lines().toList()).hasSize(1);
    assertThat(train.err).contains("category").contains("topic").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(Files.exists(model.resolve("model.json"))).isFalse();
  }

  @Test
  void aMissingDataFileIsAOneLineErrorNamingIt() {
    Run train = run(new TrainCommand(), "--kind", "classifier", "--data", dir.resolve("absent.csv").toString(),
        "--text-column", "text", "--label-column", "topic", "--out", dir.resolve("model").toString());

    assertThat(train.exitCode).isEqualTo(1);
    assertThat(train.err.strip()).isEqualTo("train: " + dir.resolve("absent.csv") + " is not a readable file");
  }

  @Test
  void classifierNeedsItsColumns() {
    Run train = run(new TrainCommand(), "--kind", "classifier", "--data", ClassifierFixture.training(dir).toString(),
        "--featurizer", "hashed", "--out", dir.resolve("model").toString());

    assertThat(train.exitCode).isEqualTo(1);
    assertThat(train.err.strip()).isEqualTo("train: --kind classifier needs --text-column and --label-column");
  }

  /**
   * Runs {@code eval} on the held-out rows and checks it prints one JSON line with the summary's fields. The
   * held-out file is JSON lines with the same column names: eval reads the columns the model was trained with.
   */
  private JsonNode evaluateOnHeldOutRows(Path model) throws Exception {
    Run eval = run(new EvalCommand(), "--model", model.toString(), "--data", ClassifierFixture.heldOut(dir).toString());

    assertThat(eval.exitCode).as(eval.err).isZero();
    List<String> lines = eval.out.lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode summary = ModelJson.MAPPER.readTree(lines.getFirst());
    assertThat(summary.fieldNames()).toIterable()
        .containsExactly("examples", "accuracy", "macro_f1", "ece", "per_class");
    assertThat(summary.get("examples").asInt()).isEqualTo(12);
    return summary;
  }

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
