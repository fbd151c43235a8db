package dev.assay.guardrail.decision.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.guardrail.decision.Decision;
import java.util.List;
import java.util.Map;

/**
 * A guardrail decision, shaped like moderation APIs: {@code flagged} and per-category scores (one
 * category, {@code reward}, as there is one reward model) next to the policy's decision.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckView(
    String decision, boolean flagged, Double score, double threshold, String policy, int policyVersion,
    String modelVersion, List<String> reasons, String traceId, Map<String, Double> categoryScores,
    @JsonInclude(JsonInclude.Include.NON_NULL) String fallbackResponse, double latencyMs) {

  public static CheckView of(Decision d) {
    return new CheckView(d.decision(), d.flagged(), d.score(), d.threshold(), d.policy(), d.policyVersion(),
        d.modelVersion(), d.reasons(), d.traceId(), d.categoryScores(), d.fallbackResponse(), d.latencyMs());
  }
}
