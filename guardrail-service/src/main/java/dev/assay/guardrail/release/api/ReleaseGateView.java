package dev.assay.guardrail.release.api;

import dev.assay.guardrail.release.ReleaseGate;
import java.time.Instant;

/** A gating suite as clients read it. */
public record ReleaseGateView(long id, String targetType, String target, String suite, String policy, String metric,
    Double minimum, Double maximum, double tolerance, String createdBy, Instant createdAt) {
  static ReleaseGateView of(ReleaseGate g) {
    return new ReleaseGateView(g.id, g.targetType, g.target, g.suite, g.policy, g.metric, g.minimum, g.maximum,
        g.tolerance, g.createdBy, g.createdAt);
  }
}
