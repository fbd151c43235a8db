package dev.assay.guardrail.suite.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.guardrail.suite.StoredSuite;
import java.time.Instant;

/** One saved version of a suite, without its probes. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuiteView(
    long id, String name, int version, String kind, String description, String source, int probeCount,
    String createdBy, Instant createdAt) {

  static SuiteView of(StoredSuite s) {
    return new SuiteView(s.id(), s.name(), s.version(), s.kind().wireName(), s.description(), s.source(),
        s.probeCount(), s.createdBy(), s.createdAt());
  }
}
