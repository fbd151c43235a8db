package dev.assay.guardrail.policy.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.guardrail.policy.Policy;
import java.time.Instant;
import java.util.Map;

/**
 * One version of a policy, with its calibration report when its threshold was calibrated. A version
 * made from a document carries it in {@code document} (threshold and action are then null); an older
 * version has none, and {@code GET .../document} shows the document it amounts to. {@code stage} says whether a
 * version just saved or read as the served one is in {@code production} or a {@code candidate} (null in listings
 * of versions).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PolicyView(
    String name, int version, Double threshold, String action, String fallbackResponse, String onNoModel,
    String description, Map<String, Object> calibration, Map<String, Object> document, boolean retired, String createdBy,
    Instant createdAt, String stage) {

  static PolicyView of(Policy p) {
    return new PolicyView(p.name, p.version, p.threshold, p.action, p.fallbackResponse, p.onNoModel, p.description,
        p.calibration, p.document, p.retired, p.createdBy, p.createdAt, p.stage);
  }
}
