package dev.assay.guardrail.scoring.api;

import dev.assay.guardrail.scoring.ScoringService;

/** P(A better than B), P(tie) and P(B better), and which model and method gave them. */
public record ComparedView(String modelVersion, String method, double aBetter, double tie, double bBetter) {
  public static ComparedView of(ScoringService.Compared compared) {
    return new ComparedView(compared.modelVersion(), compared.method(), compared.aBetter(), compared.tie(),
        compared.bBetter());
  }
}
