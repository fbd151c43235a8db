package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.rules.RuleMatch;
import dev.assay.guardrail.rules.RuleMatcher;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Regular expressions or a deny list, compiled once per policy version, run on every view. */
record RuleCheck(CheckSpec spec, RuleMatcher matcher) implements Check {

  @Override
  public CompletableFuture<Finding> run(Subject subject) {
    for (String view : subject.texts()) {
      List<RuleMatch> matches = matcher.find(view);
      if (!matches.isEmpty()) {
        RuleMatch first = matches.getFirst();
        return CompletableFuture.completedFuture(Finding.rule(first.rule() + ": \"" + first.matched() + "\""));
      }
    }
    return CompletableFuture.completedFuture(Finding.rule(null));
  }
}
