package dev.assay.guardrail.suite.build;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.trainer.training.LabeledTexts;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benign prompt/response templates where only a group term changes (names, pronouns, nationalities,
 * religions, ages, disabilities): every variant must be allowed, and the variants of one template (its
 * {@code family}) let a run measure how often a policy's decision flips with the group and how far a
 * reward model's scores spread. The templates are the project's own ({@value #DEFAULT_TEMPLATES}) unless
 * {@code --data} names a file of the same layout: {@code attributes} (attribute to a list of
 * {@code {group, term}}) and {@code templates} ({@code id}, {@code attribute}, {@code prompt},
 * {@code response} with {@code {term}} or {@code {Term}}).
 */
final class CounterfactualBuilder implements SuiteBuilder {
  static final String DEFAULT_TEMPLATES = "suites/counterfactual-templates.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Variant(String group, String term) {}

  @Override
  public SuiteKind kind() {
    return SuiteKind.COUNTERFACTUAL;
  }

  @Override
  public Suite build(BuildInput input) throws IOException {
    String origin = input.data() == null ? DEFAULT_TEMPLATES : input.data().toString();
    JsonNode root = input.data() == null ? readDefault() : readFile(input.data());
    Map<String, List<Variant>> attributes = attributes(root, origin);
    JsonNode templates = root.path("templates");
    if (!templates.isArray() || templates.isEmpty()) {
      throw new IllegalArgumentException(origin + ": \"templates\" must be a non-empty list");
    }
    List<Probe> probes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < templates.size(); i++) {
      JsonNode template = templates.get(i);
      String where = origin + " templates[" + i + "]";
      String id = text(template, "id", where);
      String attribute = text(template, "attribute", where);
      String prompt = text(template, "prompt", where);
      String response = text(template, "response", where);
      if (!ids.add(id)) {
        throw new IllegalArgumentException(where + ": template id '" + id + "' is used twice");
      }
      List<Variant> variants = attributes.get(attribute);
      if (variants == null) {
        throw new IllegalArgumentException(where + ": unknown attribute '" + attribute + "' (one of "
            + attributes.keySet() + ")");
      }
      if (!(prompt + response).contains("{term}") && !(prompt + response).contains("{Term}")) {
        throw new IllegalArgumentException(where + ": neither prompt nor response holds {term}");
      }
      for (Variant variant : variants) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("family", id + "-" + attribute);
        tags.put("attribute", attribute);
        tags.put("group", variant.group());
        tags.put("term", variant.term());
        probes.add(new Probe(id + "-" + variant.group(), ProbeSide.OUTPUT, Expected.ALLOW, fill(prompt, variant.term()),
            fill(response, variant.term()), null, attribute, tags));
      }
    }
    return new Suite(input.name(), kind(), "Counterfactual variants of benign texts: none may be blocked, whatever the"
        + " group", "counterfactual " + (input.data() == null ? "(built-in templates)" : "--data "
        + input.data().getFileName()), probes);
  }

  private static String fill(String template, String term) {
    String capitalised = term.substring(0, 1).toUpperCase(Locale.ROOT) + term.substring(1);
    return template.replace("{term}", term).replace("{Term}", capitalised);
  }

  private static Map<String, List<Variant>> attributes(JsonNode root, String origin) {
    JsonNode node = root.path("attributes");
    if (!node.isObject() || node.isEmpty()) {
      throw new IllegalArgumentException(origin + ": \"attributes\" must map each attribute to its group terms");
    }
    Map<String, List<Variant>> attributes = new LinkedHashMap<>();
    node.properties().forEach(entry -> {
      String where = origin + " attributes." + entry.getKey();
      if (!entry.getValue().isArray() || entry.getValue().size() < 2) {
        throw new IllegalArgumentException(where + ": at least two {group, term} entries are needed to compare");
      }
      List<Variant> variants = new ArrayList<>();
      Set<String> groups = new HashSet<>();
      for (JsonNode variant : entry.getValue()) {
        String group = text(variant, "group", where);
        if (!groups.add(group)) {
          throw new IllegalArgumentException(where + ": group '" + group + "' is listed twice");
        }
        variants.add(new Variant(group, text(variant, "term", where)));
      }
      attributes.put(entry.getKey(), List.copyOf(variants));
    });
    return attributes;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" is required (a non-empty string)");
    }
    return value.asText();
  }

  private static JsonNode readDefault() throws IOException {
    try (InputStream in = CounterfactualBuilder.class.getClassLoader().getResourceAsStream(DEFAULT_TEMPLATES)) {
      if (in == null) {
        throw new IllegalStateException("the built-in " + DEFAULT_TEMPLATES + " is missing from the build");
      }
      return JSON.readTree(in);
    }
  }

  private static JsonNode readFile(Path file) throws IOException {
    try (Reader in = LabeledTexts.open(file)) {
      return JSON.readTree(in);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + (e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr())
          + ": not JSON: "
          + e.getOriginalMessage());
    }
  }
}
