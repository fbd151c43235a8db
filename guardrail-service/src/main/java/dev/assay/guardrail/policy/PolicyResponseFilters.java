package dev.assay.guardrail.policy;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.trainer.builder.ResponsePolicies;
import java.util.Arrays;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Guardrail policies as dataset builds use them: a response is left out when the policy's reward checks
 * block it (rules and classifiers are not applied to training data here).
 */
@ApplicationScoped
public class PolicyResponseFilters implements ResponsePolicies {
  private final PolicyService policies;

  public PolicyResponseFilters(PolicyService policies) {
    this.policies = policies;
  }

  @Override
  public ResponseFilter resolve(String name, Integer version) {
    Policy policy = policies.resolve(name, version);
    // A document's blocking reward checks on the output; an older version's single threshold reads as one.
    double[] thresholds = GuardrailEngine.documentOf(policy).output().stream()
        .filter(check -> CheckSpec.REWARD.equals(check.type()) && Policy.BLOCK.equals(check.action()))
        .mapToDouble(CheckSpec::threshold).toArray();
    return new ResponseFilter(policy.name, policy.version,
        reward -> Arrays.stream(thresholds).anyMatch(threshold -> reward < threshold));
  }
}
