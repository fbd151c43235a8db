package dev.assay.guardrail.suite.run.api;

import dev.assay.guardrail.suite.run.StoredRun;
import java.time.Instant;
import java.util.Map;

/** A suite run: the suite version, what it ran against, its probe and failure counts and its metrics. */
public record RunView(
    long id,
    String suite,
    int suiteVersion,
    String kind,
    String policy,
    Integer policyVersion,
    Long modelId,
    String modelVersion,
    int probes,
    int failures,
    Map<String, Object> metrics,
    String createdBy,
    Instant createdAt) {

  static RunView of(StoredRun run) {
    return new RunView(run.id(), run.suite(), run.suiteVersion(), run.kind(), run.policyName(), run.policyVersion(),
        run.modelId(), run.modelVersion(), run.probes(), run.failures(), run.metrics(), run.createdBy(),
        run.createdAt());
  }
}
