package dev.assay.guardrail.monitoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether the guardrail's decisions are watched: every observer of
 * {@link dev.assay.guardrail.decision.DecisionMade} that measures traffic (meters, monitoring windows,
 * rollout comparisons) does nothing when this is off, so the cost of watching can be measured against
 * the decision alone.
 */
@ConfigMapping(prefix = "assay.monitoring")
public interface MonitoringSettings {
  /** Observe each decision; off: the decisions are made and audited as before, and nobody watches them. */
  @WithDefault("true")
  boolean enabled();
}
