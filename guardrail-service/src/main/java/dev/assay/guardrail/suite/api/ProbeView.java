package dev.assay.guardrail.suite.api;

import dev.assay.guardrail.suite.Probe;
import java.util.Locale;
import java.util.Map;

/** A probe as in a suite file: side and expected outcome in lower case. */
public record ProbeView(
    String key, String side, String expected, String prompt, String response, String alternative, String category,
    Map<String, String> tags) {

  static ProbeView of(Probe p) {
    return new ProbeView(p.key(), p.side().name().toLowerCase(Locale.ROOT), p.expected().name().toLowerCase(Locale.ROOT),
        p.prompt(), p.response(), p.alternative(), p.category(), p.tags());
  }
}
