package dev.assay.guardrail.suite.run;

import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.trainer.model.RewardScorer;

/**
 * What a suite runs against: a policy (its checks decide the input and output probes), a reward model
 * (it scores bias pairs and counterfactual responses), or both. Closing it closes the model it loaded.
 *
 * @param policy null when only a model is tested
 * @param model null when only a policy is tested
 * @param policyModels models loaded for this run's policy alone (the shipped classifiers), closed with it
 */
public record RunTarget(PolicyUnderTest policy, ModelUnderTest model, AutoCloseable policyModels)
    implements AutoCloseable {

  /**
   * @param name the stored policy's name, or the document's (its file name when it has none)
   * @param version the stored version; null for a document read from a file
   */
  public record PolicyUnderTest(String name, Integer version, PreparedPolicy prepared) {}

  /**
   * @param id the registry id; null for a model directory
   * @param version the registry version, or the directory
   */
  public record ModelUnderTest(Long id, String version, RewardScorer scorer) {}

  public RunTarget {
    if (policy == null && model == null) {
      throw new IllegalArgumentException("a run needs a policy, a model or both");
    }
  }

  public RunTarget(PolicyUnderTest policy, ModelUnderTest model) {
    this(policy, model, null);
  }

  @Override
  public void close() {
    if (model != null) {
      model.scorer().close();
    }
    if (policyModels != null) {
      try {
        policyModels.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the policy's models: " + e.getMessage(), e);
      }
    }
  }
}
