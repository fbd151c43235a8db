package dev.assay.guardrail.suite;

import java.time.Instant;
import java.util.List;

/**
 * One saved version of a suite, without its probes ({@link SuiteStore#probes(long)} reads them, or
 * {@link #with} joins them).
 */
public record StoredSuite(
    long id,
    String name,
    int version,
    SuiteKind kind,
    String description,
    String source,
    int probeCount,
    String createdBy,
    Instant createdAt) {

  /** This version as a suite with the given probes (all of them, in order, as {@link SuiteStore} read them). */
  public Suite with(List<Probe> probes) {
    return new Suite(name, kind, description, source, probes);
  }
}
