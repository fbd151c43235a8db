package dev.assay.trainer.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * A classifier's evaluation, as {@code eval} prints it.
 *
 * @param examples examples evaluated
 * @param accuracy share predicted right (the most probable class)
 * @param macroF1 unweighted mean of the per-class F1 over every class in the data or the predictions
 * @param ece top-label expected calibration error (15 equal-width bins) of the calibrated probabilities
 * @param perClass per label: precision, recall, F1 and support (examples of that label)
 */
@JsonPropertyOrder({"examples", "accuracy", "macro_f1", "ece", "per_class"})
public record ClassifierReport(
    int examples,
    double accuracy,
    @JsonProperty("macro_f1") double macroF1,
    double ece,
    @JsonProperty("per_class") Map<String, ClassMetrics> perClass) {

  @JsonPropertyOrder({"precision", "recall", "f1", "support"})
  public record ClassMetrics(double precision, double recall, double f1, int support) {}
}
