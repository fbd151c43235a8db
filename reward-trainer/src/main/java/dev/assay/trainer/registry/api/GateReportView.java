package dev.assay.trainer.registry.api;

import dev.assay.trainer.registry.ModelRegistry;

/** The verdict of the promotion gate: which metric was compared, on what, and the two scores. */
public record GateReportView(
    boolean passed, Long baselineId, String metric, double candidateScore, Double baselineScore, double tolerance,
    int examples, String evaluationSet) {
  public static GateReportView of(ModelRegistry.GateReport r) {
    return new GateReportView(r.passed(), r.baselineId(), r.metric(), r.candidateScore(), r.baselineScore(),
        r.tolerance(), r.examples(), r.evaluationSet());
  }
}
