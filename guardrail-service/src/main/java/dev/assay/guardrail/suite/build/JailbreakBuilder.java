package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every jailbreak template (GPTFuzz layout: {@code id}, {@code text} with {@value #SLOT} where the request
 * goes) filled with every harmful question ({@code index}, {@code text}): input-side probes a guardrail
 * must block, keyed {@code t<id>-q<index>} and tagged {@code template} and {@code question}.
 */
final class JailbreakBuilder implements SuiteBuilder {
  static final String SLOT = "[INSERT PROMPT HERE]";
  static final String CATEGORY = "jailbreak";

  @Override
  public SuiteKind kind() {
    return SuiteKind.JAILBREAK;
  }

  @Override
  public Suite build(BuildInput input) throws IOException {
    Path templateFile = SuiteBuilders.required(input.data(), "--data (the templates)", kind());
    Path questionFile = SuiteBuilders.required(input.questions(), "--questions", kind());
    List<SourceTable.Row> templates = SourceTable.read(templateFile, "id", "text").rows();
    List<Question> questions = Question.read(questionFile);
    List<Probe> probes = new ArrayList<>(templates.size() * questions.size());
    for (SourceTable.Row template : templates) {
      String id = template.required("id").strip();
      String text = template.required("text");
      if (!text.contains(SLOT)) {
        throw template.table().error(template.line(), "template " + id + " has no " + SLOT);
      }
      for (Question question : questions) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("template", id);
        tags.put("question", question.index());
        probes.add(new Probe("t" + id + "-q" + question.index(), ProbeSide.INPUT, Expected.BLOCK,
            text.replace(SLOT, question.text()), null, null, CATEGORY, tags));
      }
    }
    return new Suite(input.name(), kind(), "Jailbreak templates x harmful questions (" + templates.size() + " x "
        + questions.size() + "): every probe must be blocked",
        "jailbreak --data " + input.data().getFileName() + " --questions " + input.questions().getFileName(), probes);
  }

  /** A harmful question of the GPTFuzz list. */
  record Question(String index, String text) {
    static List<Question> read(Path file) throws IOException {
      return SourceTable.read(file, "index", "text").rows().stream()
          .map(row -> new Question(String.valueOf(row.integer("index")), row.required("text").strip()))
          .toList();
    }
  }
}
