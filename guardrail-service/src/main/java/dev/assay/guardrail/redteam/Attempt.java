package dev.assay.guardrail.redteam;

import dev.assay.guardrail.engine.Evaluation;

/**
 * One red-team attempt: the texts typed, the policy version that judged them and its evaluation (the
 * decision, the response it would serve, the reasons and the trace).
 *
 * @param prompt the prompt typed; empty when only a response was checked
 * @param response the response typed; empty when only the input checks ran
 * @param latencyMs how long the policy took, end to end
 */
public record Attempt(String policy, int policyVersion, String prompt, String response, Evaluation evaluation,
    double latencyMs) {

  /** Whether the attempt got through: the policy neither blocked nor held it. */
  public boolean gotThrough() {
    return !"block".equals(evaluation.decision()) && !"escalate".equals(evaluation.decision());
  }
}
