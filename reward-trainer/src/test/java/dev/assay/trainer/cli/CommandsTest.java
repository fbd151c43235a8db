package dev.assay.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.trainer.TestData;
import dev.assay.trainer.model.ModelJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as the app's top command will run them, on the module's fixture. */
class CommandsTest {
  @TempDir Path dir;

  @Test
  void trainWritesAModelAndPrintsItsTestEvaluationThenEvalPrintsOneJsonLine() throws Exception {
    Run train = run(new TrainCommand(), "--data", TestData.fixtureFile().toString(), "--out", dir.toString(),
        "--featurizer", "hashed", "--epochs", "3", "--seed", "3", "--test-fraction", "0.3");

    assertThat(train.exitCode).as(train.err).isZero();
    assertThat(train.err).contains("epoch 1/3").contains("ETA").contains("test accuracy");
    JsonNode printed = ModelJson.MAPPER.readTree(train.out);
    assertThat(printed.get("pairs").asInt()).isPositive();
    JsonNode manifest = ModelJson.MAPPER.readTree(dir.resolve("model.json").toFile());
    assertThat(manifest.get("evaluation")).isEqualTo(printed);
    assertThat(manifest.at("/trainingConfig/seed").asInt()).isEqualTo(3);

    Run eval = run(new EvalCommand(), "--model", dir.toString(), "--data", TestData.fixtureFile().toString());

    assertThat(eval.exitCode).as(eval.err).isZero();
    List<String> lines = eval.out.lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode summary = ModelJson.MAPPER.readTree(lines.getFirst());
    assertThat(summary.fieldNames()).toIterable().containsExactly("pairs", "ties", "accuracy", "ece");
    assertThat(summary.get("pairs").asInt()).isEqualTo(84);
    assertThat(summary.get("ties").asInt()).isEqualTo(7);
    assertThat(summary.get("accuracy").asDouble()).isGreaterThan(0.8);
    assertThat(summary.get("ece").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void preferenceModelEvalAddsTieFieldsAfterTheFirstFour() throws Exception {
    run(new TrainCommand(), "--data", TestData.fixtureFile().toString(), "--out", dir.toString(),
        "--featurizer", "hashed", "--kind", "preference", "--epochs", "2");

    Run eval = run(new EvalCommand(), "--model", dir.toString(), "--data", TestData.fixtureFile().toString());

    JsonNode summary = ModelJson.MAPPER.readTree(eval.out);
    assertThat(summary.fieldNames()).toIterable()
        .containsExactly("pairs", "ties", "accuracy", "ece", "logLoss", "tieRate", "meanTieProbability");
    assertThat(summary.get("meanTieProbability").asDouble()).isPositive();
  }

  @Test
  void evalOfABrokenModelFailsWithTheReasonOnStderr() {
    Run eval = run(new EvalCommand(), "--model", dir.toString(), "--data", TestData.fixtureFile().toString());

    assertThat(eval.exitCode).isEqualTo(1);
    assertThat(eval.out).isEmpty();
    assertThat(eval.err).contains("eval: cannot read").contains("model.json");
  }

  @Test
  void unknownKindIsAUsageErrorNamingTheChoices() {
    Run train = run(new TrainCommand(), "--data", TestData.fixtureFile().toString(), "--out", dir.toString(),
        "--kind", "ranking");

    assertThat(train.exitCode).isEqualTo(1);
    assertThat(train.err).contains("--kind must be reward, preference or classifier");
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
