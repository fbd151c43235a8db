package dev.assay.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.app.launcher.Launcher.Run;
import dev.assay.trainer.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code ./assay} commands as a shell user or a script sees them, on the packaged app: the result alone
 * on stdout, only our own messages on stderr, errors in one line with a non-zero exit, and progress as
 * plain lines when no terminal watches.
 */
class CommandLineIT {
  private static final Path STATE = Path.of("target/cli-it").toAbsolutePath();

  @Test
  void createKeyPrintsOnlyTheKeySoAShellCanCaptureIt() throws Exception {
    String user = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    Run created = Launcher.assay(STATE, "admin", "create-user", user, "--role", "service", "--password", "a-long-password");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.err()).as("no framework warnings or logs").isEmpty();

    Run key = Launcher.assay(STATE, "admin", "create-key", user, "--role", "service");

    assertThat(key.exitCode()).as(key.err()).isZero();
    assertThat(key.outLines()).singleElement().asString().matches("assay_\\w+_\\w+");
    assertThat(key.err()).as("no framework warnings or logs").isEmpty();
  }

  @Test
  void importOfABadLineFailsInOneLineNamingTheFileAndTheLine() throws Exception {
    Path file = Files.createDirectories(STATE).resolve("broken-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
    Files.writeString(file, pair(1) + pair(2) + "{\"prompt\": oops\n" + pair(4));

    Run run = Launcher.assay(STATE, "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).singleElement().asString()
        .startsWith("assay import: ")
        .contains(file.getFileName().toString(), "line 3", "broken JSON")
        .doesNotContain("Exception");
  }

  @Test
  void importWithoutATerminalReportsProgressInPlainLines() throws Exception {
    Path file = Files.createDirectories(STATE).resolve("many-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl");
    Files.writeString(file, IntStream.rangeClosed(1, 2500).mapToObj(CommandLineIT::pair).collect(Collectors.joining()));

    Run run = Launcher.assay(STATE, "import", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines()).singleElement().asString().contains("2500 read, 2500 new");
    assertThat(run.err()).doesNotContain("\r").endsWith("\n");
    assertThat(run.errLines()).isNotEmpty()
        .allMatch(line -> line.matches("importing " + file.getFileName() + ": [\\d,]+ records read"));
    assertThat(run.errLines().getFirst()).isEqualTo("importing " + file.getFileName() + ": 1,000 records read");
  }

  @Test
  void trainReportsPlainProgressLinesAndEvalPrintsExactlyOneJsonLine() throws Exception {
    Path model = STATE.resolve("model-" + UUID.randomUUID().toString().substring(0, 8));
    String data = TestData.fixtureFile().toString();

    Run train = Launcher.assay(STATE, "train", "--data", data, "--out", model.toString(), "--featurizer", "hashed",
        "--epochs", "2", "--seed", "3");

    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(new ObjectMapper().readTree(train.out()).get("pairs").asInt()).isPositive();
    assertThat(train.err()).doesNotContain("\r");
    assertThat(train.errLines()).first().asString().matches("epoch 1/2 step \\d+/\\d+ loss .* ETA \\d+:\\d\\d");
    assertThat(train.errLines().getLast()).startsWith("trained on ");
    assertThat(train.errLines()).filteredOn(line -> line.startsWith("epoch ") && line.contains(" done in ")).hasSize(2);

    Run eval = Launcher.assay(STATE, "eval", "--model", model.toString(), "--data", data);

    assertThat(eval.exitCode()).as(eval.err()).isZero();
    assertThat(eval.outLines()).hasSize(1);
    JsonNode summary = new ObjectMapper().readTree(eval.outLines().getFirst());
    assertThat(summary.get("pairs").asInt()).isEqualTo(84);
    assertThat(eval.err()).isEmpty();
  }

  @Test
  void helpAnswersWithoutTheDatabaseOrTheBroker() throws Exception {
    Map<String, String> env = Launcher.environment(STATE);
    // nothing listens on port 1: a command that needed either would fail
    env.put("ASSAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
    env.put("ASSAY_RABBITMQ_PORT", "1");

    Run top = Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "--help");
    Run version = Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "--version");

    assertThat(top.exitCode()).as(top.err()).isZero();
    assertThat(top.out()).startsWith("Usage: assay").contains("admin", "import", "audit", "eval");
    assertThat(top.err()).isEmpty();
    assertThat(version.exitCode()).as(version.err()).isZero();
    assertThat(version.outLines()).singleElement().asString().startsWith("Assay ");
  }

  @Test
  void suiteBuildWritesTheSuiteWithoutTheDatabaseAndPrintsOneJsonLine() throws Exception {
    Map<String, String> env = Launcher.environment(STATE);
    // nothing listens on port 1: suite build reads and writes only files
    env.put("ASSAY_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
    env.put("ASSAY_RABBITMQ_PORT", "1");
    Path out = STATE.resolve("suites-" + UUID.randomUUID().toString().substring(0, 8)).resolve("cf.jsonl.gz");

    Run build = Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "suite", "build", "counterfactual",
        "--name", "cf-it", "-o", out.toString());
    Run bad = Launcher.run(Launcher.REPO.resolve("assay"), env, STATE, "suite", "build", "jailbreak",
        "--data", out.toString(), "-o", STATE.resolve("never.jsonl").toString());

    assertThat(build.exitCode()).as(build.err()).isZero();
    assertThat(build.err()).isEmpty();
    JsonNode summary = new ObjectMapper().readTree(build.outLines().getFirst());
    assertThat(build.outLines()).hasSize(1);
    assertThat(summary.get("suite").asText()).isEqualTo("cf-it");
    assertThat(summary.get("probes").asInt()).isPositive();
    assertThat(summary.get("file").asText()).isEqualTo(out.toString());
    assertThat(Files.size(out)).isPositive();
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.errLines()).singleElement().asString().isEqualTo("assay suite build: a jailbreak suite needs --questions");
  }

  private static String pair(int i) {
    return "{\"prompt\":\"question " + i + "\",\"chosen\":\"a kind answer " + i + "\",\"rejected\":\"go away " + i + "\"}\n";
  }
}
