package dev.assay.guardrail.suite.run.api;

/**
 * What to run a suite against: a stored policy (its latest version unless {@code policyVersion}), a
 * registered reward or preference model, or both; the suite's latest version unless {@code suiteVersion}.
 */
public record RunRequest(String policy, Integer policyVersion, Long modelId, Integer suiteVersion) {}
