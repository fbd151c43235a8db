package dev.assay.guardrail.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Calibrate a policy's threshold for {@code target_fpr} on one of: {@code dataset} (its judged pairs),
 * {@code snapshot_id} (optionally one {@code split}), or {@code examples} labelled good or bad. At
 * most {@code max_pairs} pairs are used (default 5000). For a policy document, {@code check} names the
 * classifier or reward check whose threshold is calibrated; for a single-threshold policy, the other fields set
 * the new version's action, fallback and no-model behaviour as in a policy request.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalibrationRequest(
    Double targetFpr, String dataset, Long snapshotId, String split, List<LabelledExample> examples,
    Integer maxPairs, String action, String fallbackResponse, String onNoModel, String description, String check) {

  /** {@code label}: {@code good} or {@code bad}. */
  public record LabelledExample(JsonNode prompt, String response, String label) {}
}
