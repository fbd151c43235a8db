package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.rules.PiiType;
import dev.assay.guardrail.rules.RuleMatcher;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a policy document into runnable checks: patterns compiled, lists and PII types resolved. A
 * document that does not compile is refused at save with 422 naming the field.
 */
@ApplicationScoped
public class PolicyCompiler {
  private final ScoringService scoring;

  public PolicyCompiler(ScoringService scoring) {
    this.scoring = scoring;
  }

  /** Checks that the document compiles; 422 naming the first field that does not. */
  public void validate(PolicyDocument document) {
    compile(document);
  }

  CompiledPolicy compile(PolicyDocument document) {
    return new CompiledPolicy(document, checks(document.input(), "input"), checks(document.output(), "output"));
  }

  private List<Check> checks(List<CheckSpec> specs, String stage) {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      checks.add(check(specs.get(i), stage + "[" + i + "]"));
    }
    return checks;
  }

  private Check check(CheckSpec spec, String at) {
    return switch (spec.type()) {
      case CheckSpec.REGEX -> new RuleCheck(spec, regex(spec, at));
      case CheckSpec.DENY_LIST -> new RuleCheck(spec, denyList(spec, at));
      case CheckSpec.PII -> new PiiCheck(spec, piiTypes(spec, at));
      case CheckSpec.REWARD -> new RewardCheck(spec, scoring);
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
