package dev.assay.guardrail.suite.run;

import java.time.Instant;
import java.util.Map;

/** A stored run: which suite version ran against what, and its metrics. */
public record StoredRun(
    long id,
    long suiteId,
    String suite,
    int suiteVersion,
    String kind,
    String policyName,
    Integer policyVersion,
    Long modelId,
    String modelVersion,
    int probes,
    int failures,
    Map<String, Object> metrics,
    String createdBy,
    Instant createdAt) {}
