package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.rules.PiiType;
import dev.assay.guardrail.rules.RuleMatcher;
import dev.assay.guardrail.scoring.ClassifierModels;
import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a policy document into runnable checks: patterns compiled, lists and PII types resolved. A
 * document that does not compile is refused at save with 422 naming the field.
 */
@ApplicationScoped
public class PolicyCompiler {
  private final ScoringService scoring;
  private final ClassifierModels classifiers;

  public PolicyCompiler(ScoringService scoring, ClassifierModels classifiers) {
    this.scoring = scoring;
    this.classifiers = classifiers;
  }

  /**
   * Checks that the document compiles, and that each classifier check names a classifier in production
   * and one of its classes; 422 naming the first field that does not. (A classifier retired later makes
   * its check fail at run time, with the policy's onError decision.)
   */
  public void validate(PolicyDocument document) {
    compile(document);
    List<List<CheckSpec>> stages = List.of(document.input(), document.output());
    for (int s = 0; s < stages.size(); s++) {
      for (int i = 0; i < stages.get(s).size(); i++) {
        CheckSpec spec = stages.get(s).get(i);
        if (CheckSpec.CLASSIFIER.equals(spec.type())) {
          servedLabel(spec, (s == 0 ? "input" : "output") + "[" + i + "]");
        }
      }
    }
  }

  private void servedLabel(CheckSpec spec, String at) {
    ServedClassifier served = classifiers.production(spec.model()).orElseThrow(() -> ProblemException.invalid(
        at + ".model", "no classifier named \"" + spec.model() + "\" is in production"));
    if (!served.scorer().labels().contains(spec.label())) {
      throw ProblemException.invalid(at + ".label", "classifier " + spec.model() + " " + served.version()
          + " has no class \"" + spec.label() + "\"; its classes are " + served.scorer().labels());
    }
  }

  CompiledPolicy compile(PolicyDocument document) {
    return compile(document, new ModelOverride(null, null, null));
  }

  /** The document's checks, with the override's models in place of production's where it has one. */
  CompiledPolicy compile(PolicyDocument document, ModelOverride override) {
    ClassifierModels classifierModels = override.classifier() == null ? classifiers
        : name -> name.equals(override.classifier().name()) ? Optional.of(override.classifier())
            : classifiers.production(name);
    RewardCheck.Rewards rewards = override.reward() == null ? scoring::scoreAsync
        : (prompt, texts) -> scoredBy(override, prompt, texts);
    return new CompiledPolicy(document, checks(document.input(), "input", classifierModels, rewards),
        checks(document.output(), "output", classifierModels, rewards));
  }

  /** The override's rewards, computed on the caller's thread (a gate's run is not a live request). */
  private static CompletableFuture<ScoringService.Scored> scoredBy(ModelOverride override, List<Message> prompt,
      List<String> texts) {
    try {
      return CompletableFuture.completedFuture(
          new ScoringService.Scored(override.rewardVersion(), override.reward().score(prompt, texts)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<Check> checks(List<CheckSpec> specs, String stage, ClassifierModels classifierModels,
      RewardCheck.Rewards rewards) {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      checks.add(check(specs.get(i), stage + "[" + i + "]", classifierModels, rewards));
    }
    return checks;
  }

  private Check check(CheckSpec spec, String at, ClassifierModels classifierModels, RewardCheck.Rewards rewards) {
    return switch (spec.type()) {
      case CheckSpec.REGEX -> new RuleCheck(spec, regex(spec, at));
      case CheckSpec.DENY_LIST -> new RuleCheck(spec, denyList(spec, at));
      case CheckSpec.PII -> new PiiCheck(spec, piiTypes(spec, at));
      case CheckSpec.REWARD -> new RewardCheck(spec, rewards);
      case CheckSpec.CLASSIFIER -> new ClassifierCheck(spec, classifierModels);
      default -> throw ProblemException.invalid(at + ".type", "unknown check type \"" + spec.type() + "\"");
    };
  }

  private static RuleMatcher regex(CheckSpec spec, String at) {
    List<String> patterns = spec.patterns();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        RuleMatcher.regex(spec.name(), List.of(patterns.get(i)));
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid(at + ".patterns[" + i + "]", at + ".patterns[" + i + "] is not a valid"
            + " regular expression: " + e.getMessage());
      }
    }
    return RuleMatcher.regex(spec.name(), patterns);
  }

  private static RuleMatcher denyList(CheckSpec spec, String at) {
    if (spec.terms() != null) {
      return RuleMatcher.denyList(spec.name(), spec.terms());
    }
    try {
      return RuleMatcher.builtIn(spec.list());
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(at + ".list", at + ".list: " + e.getMessage());
    }
  }

  private static Set<PiiType> piiTypes(CheckSpec spec, String at) {
    Set<PiiType> types = EnumSet.noneOf(PiiType.class);
    for (int i = 0; i < spec.types().size(); i++) {
      try {
        types.add(PiiType.fromWire(spec.types().get(i)));
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid(at + ".types[" + i + "]", at + ".types[" + i + "]: unknown PII type \""
            + spec.types().get(i) + "\"; one of email, phone, credit-card, iban, secret");
      }
    }
    return types;
  }
}
