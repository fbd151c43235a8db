package dev.assay.guardrail.monitoring.alert.api;

import dev.assay.guardrail.monitoring.alert.AlertRules;
import java.time.Instant;

/**
 * An alert rule to create or replace. {@code kind}: {@code drift} (statistic {@code psi} or {@code ks}),
 * {@code ood} ({@code ood_share}) or {@code anomaly} ({@code block_rate}, {@code flag_rate}, {@code
 * escalation_rate}, {@code detector_rate}); {@code scope}: {@code policy} or {@code caller} (anomaly only);
 * {@code policy}: only this policy (left out: every policy); {@code threshold}: the statistic (PSI, KS, share, or
 * EWMA z-score) above which a window breaches; {@code windowCount}: breaching windows in a row before it fires
 * (default 1); {@code minSamples}: the fewest scores (drift, OOD) or events (anomaly) a window needs (default 30);
 * {@code severity}: {@code info}, {@code warning} or {@code critical}; {@code referenceFrom}/{@code referenceTo}:
 * drift only, the windows to compare with instead of the baseline; {@code enabled} (default true).
 */
public record AlertRuleRequest(String name, String kind, String statistic, String scope, String policy,
    Double threshold, Integer windowCount, Integer minSamples, String severity, Instant referenceFrom,
    Instant referenceTo, Boolean enabled) {
  AlertRules.Draft toDraft() {
    return new AlertRules.Draft(name, kind, statistic, scope, policy, threshold, windowCount, minSamples, severity,
        referenceFrom, referenceTo, enabled);
  }
}
