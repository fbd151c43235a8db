package dev.assay.guardrail.policy.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.guardrail.policy.PolicyDraft;

/**
 * A new policy version. {@code threshold}: the normalised reward below which {@code action} ({@code
 * flag} or {@code block}) applies; {@code fallback_response}: served instead of a blocked response;
 * {@code on_no_model}: {@code fail-open} or {@code fail-closed} (default). Fields left out are taken
 * from the latest version.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PolicyRequest(
    String name, Double threshold, String action, String fallbackResponse, String onNoModel, String description) {

  PolicyDraft toDraft(String pathName) {
    return new PolicyDraft(pathName != null ? pathName : name, threshold, action, fallbackResponse, onNoModel,
        description);
  }
}
