package dev.assay.guardrail.monitoring.alert.api;

import dev.assay.guardrail.monitoring.alert.AlertRule;
import java.time.Instant;

/** An alert rule as clients read it. */
public record AlertRuleView(long id, String name, String kind, String statistic, String scope, String policy,
    double threshold, int windowCount, int minSamples, String severity, Instant referenceFrom, Instant referenceTo,
    boolean enabled, String createdBy, Instant createdAt) {
  static AlertRuleView of(AlertRule r) {
    return new AlertRuleView(r.id, r.name, r.kind, r.statistic, r.scope, r.policy, r.threshold, r.windowCount,
        r.minSamples, r.severity, r.referenceFrom, r.referenceTo, r.enabled, r.createdBy, r.createdAt);
  }
}
