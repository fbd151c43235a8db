package dev.assay.guardrail.policy;

import dev.assay.trainer.builder.ResponsePolicies;
import jakarta.enterprise.context.ApplicationScoped;

/** Guardrail policies as dataset builds use them: a response is left out when the policy blocks it. */
@ApplicationScoped
public class PolicyResponseFilters implements ResponsePolicies {
  private final PolicyService policies;

  public PolicyResponseFilters(PolicyService policies) {
    this.policies = policies;
  }

  @Override
  public ResponseFilter resolve(String name, Integer version) {
    Policy policy = policies.resolve(name, version);
    boolean blocking = Policy.BLOCK.equals(policy.action);
    double threshold = policy.threshold;
    return new ResponseFilter(policy.name, policy.version, reward -> blocking && reward < threshold);
  }
}
