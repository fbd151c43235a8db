package dev.assay.guardrail.monitoring.alert.api;

import dev.assay.guardrail.monitoring.alert.Alert;
import java.time.Instant;
import java.util.Map;

/** An alert as clients read it: {@code firing} until {@code resolvedAt} is set. */
public record AlertView(long id, String rule, String kind, String severity, Map<String, String> labels, double value,
    double threshold, Instant firedAt, Instant resolvedAt, boolean firing, String summary) {
  static AlertView of(Alert a) {
    return new AlertView(a.id(), a.rule(), a.kind(), a.severity(), a.labels(), a.value(), a.threshold(), a.firedAt(),
        a.resolvedAt(), a.firing(), a.summary());
  }
}
