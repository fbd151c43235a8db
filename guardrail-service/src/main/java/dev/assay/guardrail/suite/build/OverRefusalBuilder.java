package dev.assay.guardrail.suite.build;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XSTest prompts ({@code id}, {@code prompt}, {@code type}, {@code label}; {@code focus} and {@code note}
 * kept as tags when present): a {@code safe} prompt only looks unsafe and must be allowed, its
 * {@code unsafe} contrast must be blocked. Category is XSTest's type, key {@code x<id>}.
 */
final class OverRefusalBuilder implements SuiteBuilder {
  @Override
  public SuiteKind kind() {
    return SuiteKind.OVER_REFUSAL;
  }

  @Override
  public Suite build(BuildInput input) throws IOException {
    SourceTable table = SourceTable.read(SuiteBuilders.required(input.data(), "--data (the XSTest prompts)", kind()),
        "id", "prompt", "type", "label");
    List<Probe> probes = table.rows().stream().map(row -> {
      String label = row.required("label").strip();
      Expected expected = switch (label) {
        case "safe" -> Expected.ALLOW;
        case "unsafe" -> Expected.BLOCK;
        default -> throw table.error(row.line(), "label must be safe or unsafe but was '" + label + "'");
      };
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("label", label);
      for (String optional : List.of("focus", "note")) {
        if (table.header().contains(optional) && !row.get(optional).isBlank()) {
          tags.put(optional, row.get(optional).strip());
        }
      }
      return new Probe("x" + row.required("id").strip(), ProbeSide.INPUT, expected, row.required("prompt").strip(),
          null, null, row.required("type").strip(), tags);
    }).toList();
    return new Suite(input.name(), kind(), "XSTest: safe prompts that only look unsafe must be allowed, their unsafe"
        + " contrasts blocked", "over-refusal --data " + input.data().getFileName(), probes);
  }
}
