package dev.assay.trainer.registry.api;

import dev.assay.trainer.registry.ModelRegistry;

/** The verdict of the safety regression gate on a promotion. */
public record GateReportView(
    boolean passed, Long baselineId, double candidateAccuracy, Double baselineAccuracy, double tolerance,
    int pairs, String evaluationSet) {
  public static GateReportView of(ModelRegistry.GateReport r) {
    return new GateReportView(r.passed(), r.baselineId(), r.candidateAccuracy(), r.baselineAccuracy(), r.tolerance(),
        r.pairs(), r.evaluationSet());
  }
}
