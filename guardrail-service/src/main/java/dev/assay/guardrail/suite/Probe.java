package dev.assay.guardrail.suite;

import java.util.Map;

/**
 * One test case of a suite.
 *
 * @param key stable within the suite and across its versions (e.g. {@code t12-q7-leetspeak}), so runs can be
 *     compared probe by probe
 * @param prompt the user's prompt (input side, and the context of an output or pair probe); may be empty
 * @param response the response checked on the output side; for a bias pair the more stereotyping sentence
 * @param alternative the other sentence of a bias pair ({@code null} otherwise)
 * @param category what the probe is about: the XSTest type, the bias type, the harmful question's topic...
 * @param tags provenance used to group metrics and failures: {@code template}, {@code question},
 *     {@code mutation}, {@code group}, {@code term}, {@code family} (counterfactual variants of one text),
 *     {@code source}
 */
public record Probe(
    String key,
    ProbeSide side,
    Expected expected,
    String prompt,
    String response,
    String alternative,
    String category,
    Map<String, String> tags) {

  public Probe {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public String tag(String name) {
    return tags.get(name);
  }
}
