package dev.assay.guardrail.suite.catalogue.api;

import dev.assay.guardrail.suite.catalogue.FieldFindings;
import java.util.Locale;
import java.util.Map;

/** A finding added as a probe: the suite version that now holds it, and the probe. */
public record FindingView(
    String suite, int version, int probes, String key, String side, String expected, String category,
    Map<String, String> tags) {
  static FindingView of(FieldFindings.Added added) {
    return new FindingView(added.suite().name(), added.suite().version(), added.suite().probeCount(),
        added.probe().key(), added.probe().side().name().toLowerCase(Locale.ROOT),
        added.probe().expected().name().toLowerCase(Locale.ROOT), added.probe().category(), added.probe().tags());
  }
}
