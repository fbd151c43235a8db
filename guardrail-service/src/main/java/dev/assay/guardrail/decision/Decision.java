package dev.assay.guardrail.decision;

import dev.assay.guardrail.engine.TraceEntry;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one guardrail check.
 *
 * @param decision {@code allow}, {@code flag}, {@code redact}, {@code escalate} or {@code block}
 * @param score the normalised reward of the policy's reward check; null when it has none or it did not run
 * @param threshold the reward check's threshold; null when the policy has none
 * @param categoryScores the score of every scored check, by check name ({@code reward} for older policies)
 * @param fallbackResponse what to serve instead of a blocked (or escalated) response, if the policy has one
 * @param modelAvailable false when the decision was made without a model (fail-open/closed)
 * @param response what to serve: the response as given, masked (redact) or the fallback (block, escalate)
 * @param trace every check run, in order
 * @param calibration warnings for thresholds calibrated on another model version than the one serving
 */
public record Decision(
    String decision, boolean flagged, Double score, Double threshold, String policy, int policyVersion,
    String modelVersion, List<String> reasons, String traceId, Map<String, Double> categoryScores,
    String fallbackResponse, double latencyMs, boolean modelAvailable, String response, List<TraceEntry> trace,
    List<String> calibration) {

  public static final String ALLOW = "allow";
  public static final String NO_MODEL = "no model in production";
}
