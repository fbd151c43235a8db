package dev.assay.guardrail.release;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.ModelOverride;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.guardrail.scoring.ScoringSettings;
import dev.assay.guardrail.suite.run.RunTarget;
import dev.assay.guardrail.suite.run.RunTarget.ModelUnderTest;
import dev.assay.guardrail.suite.run.RunTarget.PolicyUnderTest;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.PromotionCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's promotion check, implemented here so training never depends on serving: every model
 * promotion runs the gating suites configured for its kind (reward models) or name (classifiers). Through a
 * policy, the candidate takes production's place in that policy's checks (its production version, compiled
 * apart: what is served does not change); without one, a reward model runs the suite alone.
 */
@ApplicationScoped
public class ModelSuiteGate implements PromotionCheck {
  private final ReleaseGateService gates;
  private final GatingSuites suites;
  private final PolicyService policies;
  private final GuardrailEngine engine;
  private final ScoringSettings scoring;

  public ModelSuiteGate(ReleaseGateService gates, GatingSuites suites, PolicyService policies, GuardrailEngine engine,
      ScoringSettings scoring) {
    this.gates = gates;
    this.suites = suites;
    this.policies = policies;
    this.engine = engine;
    this.scoring = scoring;
  }

  @Override
  public List<Result> check(Candidate candidate) {
    boolean classifier = ModelKind.CLASSIFIER.name().equals(candidate.kind());
    List<ReleaseGate> configured = classifier ? gates.forTarget(ReleaseGate.CLASSIFIER, candidate.name())
        : gates.forTarget(ReleaseGate.MODEL, candidate.kind());
    List<Result> results = new ArrayList<>();
    for (ReleaseGate gate : configured) {
      if (classifier) {
        results.add(runClassifier(gate, candidate));
      } else {
        results.add(suites.run(gate,
            g -> rewardTarget(g, candidate.modelId(), candidate.version(), candidate.artifact(), true),
            g -> candidate.productionArtifact() == null ? Optional.empty() : Optional.of(
                rewardTarget(g, null, candidate.productionVersion(), candidate.productionArtifact(), false))));
      }
    }
    return results;
  }

  /** The policy with the reward model in place (a candidate) or as served (production), and the model itself. */
  private RunTarget rewardTarget(ReleaseGate gate, Long modelId, String version, Path artifact, boolean override) {
    RewardScorer scorer = loadReward(artifact);
    PolicyUnderTest policy = null;
    if (gate.policy != null) {
      Policy served = policies.resolve(gate.policy, null);
      policy = new PolicyUnderTest(served.name, served.version,
          override ? engine.prepare(served, ModelOverride.reward(version, scorer)) : engine.prepare(served));
    }
    return new RunTarget(policy, new ModelUnderTest(modelId, version, scorer));
  }

  private Result runClassifier(ReleaseGate gate, Candidate candidate) {
    try (ClassifierScorer scorer = loadClassifier(candidate.artifact())) {
      ServedClassifier served = new ServedClassifier(candidate.name(), candidate.version(), scorer);
      return suites.run(gate, g -> {
        Policy policy = policies.resolve(g.policy, null);
        return new RunTarget(new PolicyUnderTest(policy.name, policy.version,
            engine.prepare(policy, ModelOverride.classifier(served))), null);
      }, g -> {
        if (candidate.productionArtifact() == null) {
          return Optional.empty();
        }
        Policy policy = policies.resolve(g.policy, null);
        return Optional.of(
            new RunTarget(new PolicyUnderTest(policy.name, policy.version, engine.prepare(policy)), null));
      });
    }
  }

  private RewardScorer loadReward(Path artifact) {
    try {
      return RewardScorer.load(artifact, options());
    } catch (ModelLoadException e) {
      throw ProblemException.conflict("model at " + artifact + " cannot be loaded: " + e.getMessage());
    }
  }

  private ClassifierScorer loadClassifier(Path artifact) {
    try {
      return ClassifierScorer.load(artifact, options());
    } catch (ModelLoadException e) {
      throw ProblemException.conflict("classifier at " + artifact + " cannot be loaded: " + e.getMessage());
    }
  }

  private FeaturizerOptions options() {
    return FeaturizerOptions.serving(scoring.embeddingCacheEntries());
  }
}
