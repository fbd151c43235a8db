package dev.assay.trainer.registry.api;

import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.PromotionCheck;
import java.util.List;

/**
 * The verdict of the promotion gate: which metric was compared, on what, the two scores, the rule applied,
 * why the candidate was refused (if it was) and the verdicts of the gating suites.
 */
public record GateReportView(
    boolean passed, Long baselineId, String metric, double candidateScore, Double baselineScore, double tolerance,
    int examples, String evaluationSet, double minimum, Double regressionPValue, String rule, List<String> failures,
    List<PromotionCheck.Result> checks) {
  public static GateReportView of(ModelRegistry.GateReport r) {
    return new GateReportView(r.passed(), r.baselineId(), r.metric(), r.candidateScore(), r.baselineScore(),
        r.tolerance(), r.examples(), r.evaluationSet(), r.minimum(), r.regressionPValue(), r.rule(), r.failures(),
        r.checks());
  }
}
