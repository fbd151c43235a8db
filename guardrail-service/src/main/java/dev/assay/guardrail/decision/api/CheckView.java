package dev.assay.guardrail.decision.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.guardrail.decision.Decision;
import dev.assay.guardrail.engine.TraceEntry;
import java.util.List;
import java.util.Map;

/**
 * A guardrail decision, shaped like moderation APIs: {@code flagged} and per-category scores (a score
 * per scored check; {@code reward} for a single-threshold policy) next to the policy's decision, the
 * response to serve (as given, masked, or the fallback) and the trace of every check run. {@code score},
 * {@code threshold} and {@code model_version} are the reward check's, as before policy documents.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckView(
    String decision, boolean flagged, Double score, Double threshold, String policy, int policyVersion,
    String modelVersion, List<String> reasons, String traceId, Map<String, Double> categoryScores,
    @JsonInclude(JsonInclude.Include.NON_NULL) String fallbackResponse, double latencyMs, String response,
    List<TraceEntry> trace, List<String> calibration) {

  public static CheckView of(Decision d) {
    return new CheckView(d.decision(), d.flagged(), d.score(), d.threshold(), d.policy(), d.policyVersion(),
        d.modelVersion(), d.reasons(), d.traceId(), d.categoryScores(), d.fallbackResponse(), d.latencyMs(),
        d.response(), d.trace(), d.calibration());
  }
}
