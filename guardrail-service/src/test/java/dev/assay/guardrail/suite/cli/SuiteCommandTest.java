package dev.assay.guardrail.suite.cli;

import static dev.assay.store.StoreTestSupport.sharedFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteFiles;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code suite build}: the suite file it writes and the one JSON line it prints. */
class SuiteCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  @Test
  void buildWritesTheSuiteFileAndPrintsOneJsonLineDescribingIt() throws IOException {
    Path xstest = sharedFile("safety/xstest-prompts-dev.csv.gz");
    Path out = dir.resolve("suites/over-refusal.jsonl.gz");

    Run run = run("build", "over-refusal", "--data", xstest.toString(), "--name", "xstest-dev", "-o", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode summary = new ObjectMapper().readTree(lines.getFirst());
    assertThat(summary.fieldNames()).toIterable().containsExactly("suite", "kind", "probes", "file");
    assertThat(summary.get("suite").asText()).isEqualTo("xstest-dev");
    assertThat(summary.get("kind").asText()).isEqualTo("over-refusal");
    assertThat(summary.get("file").asText()).isEqualTo(out.toString());
    Suite written;
    try (InputStream in = Files.newInputStream(out)) {
      written = SuiteFiles.read(in);
    }
    assertThat(written.name()).isEqualTo("xstest-dev");
    assertThat(written.kind()).isEqualTo(SuiteKind.OVER_REFUSAL);
    assertThat(written.probes()).hasSize(summary.get("probes").asInt()).isNotEmpty();
    assertThat(written.probes()).extracting(Probe::expected).contains(Expected.ALLOW, Expected.BLOCK);
    assertThat(Files.list(out.getParent())).containsExactly(out);
  }

  @Test
  void counterfactualNeedsNoDataAndIsNamedAfterItsKindByDefault() throws IOException {
    Path out = dir.resolve("cf.jsonl");

    Run run = run("build", "counterfactual", "-o", out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out());
    assertThat(summary.get("suite").asText()).isEqualTo("counterfactual");
    assertThat(Files.readAllLines(out)).hasSize(summary.get("probes").asInt() + 1);
  }

  @Test
  void badInputIsOneLineOnStderrAndExitOneWithoutAFile() throws IOException {
    Path templates = Files.writeString(dir.resolve("templates.csv"), "id,text\n4,A template with no slot\n");
    Path questions = Files.writeString(dir.resolve("questions.csv"), "index,text\n1,Placeholder request\n");
    Path out = dir.resolve("jb.jsonl");

    Run noSlot = run("build", "jailbreak", "--data", templates.toString(), "--questions", questions.toString(),
        "-o", out.toString());
    Run noQuestions = run("build", "jailbreak", "--data", templates.toString(), "-o", out.toString());
    Run badKind = run("build", "red-team", "--data", templates.toString(), "-o", out.toString());

    assertThat(noSlot.exitCode()).isEqualTo(1);
    assertThat(noSlot.out()).isEmpty();
    assertThat(noSlot.err().strip()).isEqualTo("suite build: " + templates + " line 2: template 4 has no [INSERT PROMPT HERE]");
    assertThat(noQuestions.err().strip()).isEqualTo("suite build: a jailbreak suite needs --questions");
    assertThat(badKind.err().strip()).startsWith("suite build: unknown suite kind 'red-team' (one of [jailbreak, mutations,");
    assertThat(List.of(noSlot, noQuestions, badKind)).allSatisfy(run -> {
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).hasSize(1);
    });
    assertThat(out).doesNotExist();
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new SuiteCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
