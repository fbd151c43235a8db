package dev.assay.guardrail.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.trainer.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real requests and answers (AlpacaEval) are ordinary text: checks must see them as written. */
class OrdinaryTextTest {

  private static final List<String> INSTRUCTIONS = new ArrayList<>();
  private static final List<String> ANSWERS = new ArrayList<>();

  @BeforeAll
  static void readSharedData() throws IOException {
    ObjectMapper json = new ObjectMapper();
    var file = TestData.sharedFile(TestData.ALPACA_EVAL);
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        JsonNode pair = json.readTree(line);
        INSTRUCTIONS.add(pair.path("instruction").asText());
        ANSWERS.add(pair.path("output_1").asText());
        ANSWERS.add(pair.path("output_2").asText());
      }
    }
  }

  @Test
  void obfuscationStepsLeaveAlmostEveryRealAnswerUnchanged() {
    TextNormalizer normalizer = new TextNormalizer();
    List<String> changed = new ArrayList<>();
    for (String answer : ANSWERS) {
      List<String> applied = normalizer.normalize(answer).applied();
      if (applied.stream().anyMatch(step -> !step.equals("nfkc"))) {
        changed.add(applied.toString());
      }
    }

    assertThat(ANSWERS).hasSizeGreaterThan(1_000);
    assertThat((double) changed.size() / ANSWERS.size()).as("share changed: %s", changed).isLessThan(0.01);
  }

  @Test
  void promptInjectionListMatchesAlmostNoRealRequest() {
    RuleMatcher injection = RuleMatcher.builtIn("prompt-injection");
    List<RuleMatch> hits = new ArrayList<>();
    for (String instruction : INSTRUCTIONS) {
      hits.addAll(injection.find(instruction));
    }

    assertThat((double) hits.size() / INSTRUCTIONS.size()).as("hits: %s", hits).isLessThan(0.005);
  }
}
