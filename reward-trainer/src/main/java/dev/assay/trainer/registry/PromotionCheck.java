package dev.assay.trainer.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * A check the registry runs for every model promotion, after its own metric gate, as an extension point:
 * another module (the guardrail service runs the gating suites configured for the model) implements it
 * as a CDI bean, so training never depends on serving. Any failed result refuses the promotion.
 */
public interface PromotionCheck {

  /**
   * The model being promoted and the one it would replace.
   *
   * @param kind REWARD, PREFERENCE or CLASSIFIER
   * @param name the registry name (a classifier's name; the kind in lower case for reward models)
   * @param productionVersion the version in production now, or null when there is none
   * @param productionArtifact its artifact directory, or null
   */
  record Candidate(long modelId, String kind, String name, String version, Path artifact, String productionVersion,
      Path productionArtifact) {}

  /**
   * A probe that failed, as shown in a refusal.
   *
   * @param id the probe's id in its suite
   * @param text what was sent (prompt and/or response, shortened)
   * @param expected what the suite expects
   * @param actual what the candidate did
   */
  record FailingProbe(String id, String text, String expected, String actual) {}

  /**
   * One check's verdict.
   *
   * @param check what ran, e.g. {@code suite jailbreak-v2 through policy default}
   * @param metric the metric compared
   * @param candidateValue the candidate's value; null when the check could not measure it (it then failed)
   * @param productionValue production's value on the same probes, or null when there is nothing in production
   * @param rule the limit applied, in words (an absolute bound, a tolerance and the noise test)
   * @param examples some failing probes of the candidate
   */
  record Result(String check, boolean passed, String metric, Double candidateValue, Double productionValue,
      String rule, List<FailingProbe> examples) {}

  /** The checks this extension configures for the candidate; empty when none apply. */
  List<Result> check(Candidate candidate);
}
