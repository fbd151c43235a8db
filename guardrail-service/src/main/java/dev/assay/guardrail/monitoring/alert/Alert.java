package dev.assay.guardrail.monitoring.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One firing of an alert rule on one subject (a policy version and cohort, or one API key), from the
 * window that raised it until the window that cleared it.
 *
 * @param kind {@code drift}, {@code ood} or {@code anomaly}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param labels what the alert is about: {@code policy}, {@code policy_version}, {@code model_version},
 *     {@code cohort}, {@code caller}, {@code rollout} when they apply
 * @param resolvedAt null while the alert fires
 */
public record Alert(
    long id, String rule, String kind, String severity, Map<String, String> labels, double value, double threshold,
    Instant firedAt, Instant resolvedAt, String summary) {

  public boolean firing() {
    return resolvedAt == null;
  }
}
