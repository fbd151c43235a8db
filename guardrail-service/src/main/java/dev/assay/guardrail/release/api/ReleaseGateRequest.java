package dev.assay.guardrail.release.api;

import dev.assay.guardrail.release.ReleaseGateService;

/**
 * A gating suite to add. {@code targetType}: {@code model} (target REWARD or PREFERENCE), {@code classifier}
 * (target: its registry name) or {@code policy} (target: its name); {@code suite}: the suite's name (its latest
 * version runs); {@code policy}: for a model or classifier, the policy the suite runs through with the candidate
 * in place of production (left out: the suite runs on the model alone); {@code metric}: a metric of the run,
 * e.g. {@code attack_success_rate}; exactly one of {@code maximum} (a rate, higher is worse) and {@code minimum};
 * {@code tolerance}: how far the metric may move the worse way from production's (default 0).
 */
public record ReleaseGateRequest(String targetType, String target, String suite, String policy, String metric,
    Double minimum, Double maximum, Double tolerance) {
  ReleaseGateService.Draft toDraft() {
    return new ReleaseGateService.Draft(targetType, target, suite, policy, metric, minimum, maximum, tolerance);
  }
}
