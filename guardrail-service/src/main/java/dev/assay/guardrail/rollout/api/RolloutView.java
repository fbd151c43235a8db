package dev.assay.guardrail.rollout.api;

import dev.assay.guardrail.rollout.Rollout;
import java.time.Instant;

/** A rollout as clients read it. */
public record RolloutView(long id, String policy, String mode, Long candidateModelId, Integer candidatePolicyVersion,
    String candidate, double canaryPercent, String routing, String state, String startedBy, Instant startedAt,
    String endedBy, Instant endedAt, String endReason, long shadowDropped) {
  static RolloutView of(Rollout r) {
    return new RolloutView(r.id, r.policy, r.mode, r.candidateModelId, r.candidatePolicyVersion, r.candidate,
        r.canaryPercent, r.routing, r.state, r.startedBy, r.startedAt, r.endedBy, r.endedAt, r.endReason,
        r.shadowDropped);
  }
}
