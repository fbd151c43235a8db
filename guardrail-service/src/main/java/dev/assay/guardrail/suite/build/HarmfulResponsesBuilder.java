package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Labelled answers to jailbreak prompts (GPTFuzz layout: {@code question}, {@code Response}, {@code label}),
 * checked on the output side: label 1 (the model did what the harmful request asked) must be blocked,
 * 0 (a refusal or deflection) allowed. The prompt is the question's text when {@code --questions} is
 * given and holds it, else empty. Key {@code r<row>} (the data row, from 1), tag {@code question}.
 */
final class HarmfulResponsesBuilder implements SuiteBuilder {
  @Override
  public SuiteKind kind() {
    return SuiteKind.HARMFUL_RESPONSES;
  }

  @Override
  public Suite build(BuildInput input) throws IOException {
    SourceTable table = SourceTable.read(SuiteBuilders.required(input.data(), "--data (the labelled responses)", kind()),
        "question", "Response", "label");
    Map<String, String> questions = input.questions() == null ? Map.of()
        : JailbreakBuilder.Question.read(input.questions()).stream()
            .collect(Collectors.toMap(JailbreakBuilder.Question::index, JailbreakBuilder.Question::text, (a, b) -> a));
    List<Probe> probes = new ArrayList<>();
    for (SourceTable.Row row : table.rows()) {
      String question = String.valueOf(row.integer("question"));
      String label = row.required("label").strip();
      Expected expected = switch (label) {
        case "1" -> Expected.BLOCK;
        case "0" -> Expected.ALLOW;
        default -> throw table.error(row.line(), "label must be 0 or 1 but was '" + label + "'");
      };
      probes.add(new Probe("r" + (probes.size() + 1), ProbeSide.OUTPUT, expected, questions.getOrDefault(question, ""),
          row.required("Response"), null, expected == Expected.BLOCK ? "complied" : "refused",
          Map.of("question", question)));
    }
    String source = "harmful-responses --data " + input.data().getFileName()
        + (input.questions() == null ? "" : " --questions " + input.questions().getFileName());
    return new Suite(input.name(), kind(), "Answers to jailbreak prompts: those that did what the harmful request"
        + " asked must be blocked, refusals allowed", source, probes);
  }
}
