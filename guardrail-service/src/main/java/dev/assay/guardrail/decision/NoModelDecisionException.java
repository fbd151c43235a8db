package dev.assay.guardrail.decision;

import dev.assay.guardrail.policy.Policy;
import dev.assay.platform.problem.ProblemException;

/**
 * 503: no reward model is in production. Carries the (audited) decision the policy prescribes for
 * this case: block when fail-closed, allow when fail-open, both with reason "no model in production".
 */
public class NoModelDecisionException extends ProblemException {
  private final Decision decision;

  public NoModelDecisionException(Decision decision) {
    super(503, "No Production Model", "no reward model is in production; policy " + decision.policy() + " v"
        + decision.policyVersion() + " is " + (Policy.BLOCK.equals(decision.decision()) ? "fail-closed: blocked"
        : "fail-open: allowed") + " without a score", null, null);
    this.decision = decision;
  }

  public Decision decision() {
    return decision;
  }
}
