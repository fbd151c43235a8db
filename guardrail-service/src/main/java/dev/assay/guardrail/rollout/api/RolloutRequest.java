package dev.assay.guardrail.rollout.api;

import dev.assay.guardrail.rollout.RolloutService;

/**
 * A rollout to start. {@code mode}: {@code shadow} (the candidate decides beside production, never served) or
 * {@code canary} (it serves {@code canaryPercent} of callers); the candidate is exactly one of
 * {@code candidateModelId} (a registered reward model or classifier, run in the policy's production version in
 * place of the production model) and {@code candidatePolicyVersion}; {@code routing}: {@code caller} (default:
 * a hash of the API key or user) or {@code request-key} (a hash of the check's {@code request_key} field or
 * {@code Assay-Request-Key} header, else of the caller).
 */
public record RolloutRequest(String policy, String mode, Long candidateModelId, Integer candidatePolicyVersion,
    Double canaryPercent, String routing) {
  RolloutService.Draft toDraft() {
    return new RolloutService.Draft(policy, mode, candidateModelId, candidatePolicyVersion, canaryPercent, routing);
  }
}
