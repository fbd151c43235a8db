package dev.assay.guardrail.engine;

import java.util.List;
import java.util.Map;

/**
 * The outcome of running a policy's checks.
 *
 * @param decision the most severe action of all checks run: block, escalate, redact, flag or allow
 * @param response what to serve: the fallback for block and escalate, the masked response for redact,
 *     else the response as given
 * @param calibration a warning per scored check whose threshold was calibrated for another model version
 * @param reward the reward check's entry, if one ran (the single score of older policies)
 * @param escalatedBy the check that escalated, when the decision is escalate
 * @param categoryScores the score of every scored check, by check name
 */
public record Evaluation(
    String decision,
    List<String> reasons,
    String response,
    List<TraceEntry> trace,
    List<String> calibration,
    TraceEntry reward,
    TraceEntry escalatedBy,
    Map<String, Double> categoryScores) {}
