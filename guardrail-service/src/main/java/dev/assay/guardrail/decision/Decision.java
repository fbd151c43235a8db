package dev.assay.guardrail.decision;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one guardrail check.
 *
 * @param decision {@code allow}, {@code flag} or {@code block}
 * @param score the normalised reward; null when no model is in production
 * @param categoryScores score per category model; one category, {@code reward}
 * @param fallbackResponse what to serve instead of a blocked response, if the policy has one
 * @param modelAvailable false when the decision was made without a model (fail-open/closed)
 */
public record Decision(
    String decision, boolean flagged, Double score, double threshold, String policy, int policyVersion,
    String modelVersion, List<String> reasons, String traceId, Map<String, Double> categoryScores,
    String fallbackResponse, double latencyMs, boolean modelAvailable) {

  public static final String ALLOW = "allow";
  public static final String NO_MODEL = "no model in production";
}
