package dev.assay.guardrail.suite.run;

import dev.assay.guardrail.defaults.DefaultPolicy;
import dev.assay.guardrail.defaults.ShippedClassifiers;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.scoring.ScoringSettings;
import dev.assay.guardrail.suite.run.RunTarget.ModelUnderTest;
import dev.assay.guardrail.suite.run.RunTarget.PolicyUnderTest;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds what a run is against: stored policies and registered models (REST), or files (the CLI). */
@ApplicationScoped
public class RunTargets {
  private final PolicyService policies;
  private final GuardrailEngine engine;
  private final ModelRegistry registry;
  private final ScoringSettings scoringSettings;
  private final SuiteRunSettings runSettings;

  public RunTargets(PolicyService policies, GuardrailEngine engine, ModelRegistry registry,
      ScoringSettings scoringSettings, SuiteRunSettings runSettings) {
    this.policies = policies;
    this.engine = engine;
    this.registry = registry;
    this.scoringSettings = scoringSettings;
    this.runSettings = runSettings;
  }

  /**
   * A stored policy (its latest version unless {@code policyVersion} is given) and/or a registered reward
   * or preference model.
   *
   * @throws ProblemException 422 when neither is named or the model is a classifier, 404 for an unknown
   *     policy, version or model
   */
  public RunTarget resolve(String policy, Integer policyVersion, Long modelId) {
    if ((policy == null || policy.isBlank()) && policyVersion != null) {
      throw ProblemException.invalid("policyVersion", "policyVersion needs the policy it is a version of");
    }
    if ((policy == null || policy.isBlank()) && modelId == null) {
      throw ProblemException.invalid("policy", "name a policy, a modelId or both to run the suite against");
    }
    PolicyUnderTest policyUnderTest = null;
    if (policy != null && !policy.isBlank()) {
      Policy stored = policies.resolve(policy, policyVersion);
      policyUnderTest = new PolicyUnderTest(stored.name, stored.version, prepared(engine.prepare(stored)));
    }
    return new RunTarget(policyUnderTest, modelId == null ? null : registered(modelId));
  }

  private ModelUnderTest registered(long modelId) {
    RegisteredModel model = registry.get(modelId);
    if (model.isClassifier()) {
      throw ProblemException.invalid("modelId", "model " + modelId + " is a classifier (" + model.name + "): a suite"
          + " run scores with a reward or preference model; a classifier runs inside a policy's checks");
    }
    try {
      return new ModelUnderTest(model.id, model.version(), RewardScorer.load(Path.of(model.artifactPath), options()));
    } catch (ModelLoadException e) {
      throw ProblemException.invalid("modelId", "model " + modelId + " cannot be loaded: " + e.getMessage());
    }
  }

  /**
   * The command line's target: {@code policy} is a policy document file (JSON or YAML) when such a file
   * exists; else {@value DefaultPolicy#NAME}, the shipped policy with its shipped classifiers (from the
   * classpath: no registry, no ../shared); else the name of a stored policy. {@code modelDirectory} is a
   * saved reward or preference model.
   *
   * @throws IllegalArgumentException (or ProblemException) for a file that is no policy document, an
   *     unknown policy or a directory that holds no reward model
   */
  public RunTarget fromCommandLine(String policy, Path modelDirectory) throws IOException {
    PolicyUnderTest policyUnderTest = null;
    ShippedClassifiers shipped = null;
    if (policy != null) {
      Path file = Path.of(policy);
      if (Files.isRegularFile(file)) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        PolicyDocument document = PolicyDocuments.parse(text, !text.stripLeading().startsWith("{"));
        String name = document.name() != null ? document.name() : file.getFileName().toString();
        policyUnderTest = new PolicyUnderTest(name, null, prepared(engine.prepare(document)));
      } else if (DefaultPolicy.NAME.equals(policy)) {
        try {
          shipped = DefaultPolicy.classifiers(options());
        } catch (ModelLoadException e) {
          throw new IllegalArgumentException("--policy default: " + e.getMessage(), e);
        }
        policyUnderTest = new PolicyUnderTest(DefaultPolicy.NAME, null,
            DefaultPolicy.prepare(DefaultPolicy.document(), shipped, runSettings.checkTimeout()));
      } else {
        Policy stored = policies.resolve(policy, null);
        policyUnderTest = new PolicyUnderTest(stored.name, stored.version, prepared(engine.prepare(stored)));
      }
    }
    ModelUnderTest model = null;
    if (modelDirectory != null) {
      try {
        model = new ModelUnderTest(null, modelDirectory.toString(), RewardScorer.load(modelDirectory, options()));
      } catch (ModelLoadException e) {
        if (shipped != null) {
          shipped.close();
        }
        throw new IllegalArgumentException("--model " + modelDirectory + ": " + e.getMessage(), e);
      }
    }
    return new RunTarget(policyUnderTest, model, shipped);
  }

  private PreparedPolicy prepared(PreparedPolicy policy) {
    return policy.withCheckTimeout(runSettings.checkTimeout());
  }

  private FeaturizerOptions options() {
    return FeaturizerOptions.serving(scoringSettings.embeddingCacheEntries());
  }
}
