package dev.assay.guardrail.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.assay.trainer.model.Contribution;
import java.util.List;

/**
 * One check run for a decision, as the response and the audit show it.
 *
 * @param label the class a classifier check watches; null for other checks
 * @param verdict {@code pass}, {@code hit}, {@code uncertain} (inside the band around the threshold),
 *     {@code uncalibrated} (the serving model is not the one the threshold was calibrated for and the
 *     check fails open or closed) or {@code error} (threw, timed out, queue full, no model)
 * @param action what the check decided: its own action on a hit, the band's action when uncertain,
 *     the policy's onError outcome on error, else allow
 * @param explanation with {@code explain=true}, the phrases of the worst text that moved a classifier's
 *     score most (exact contributions for hashed linear models, occlusion for encoders)
 * @param normalizations the normalisations that changed the text (e.g. {@code nfkc}, {@code leetspeak},
 *     {@code base64})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceEntry(
    String stage,
    String check,
    String type,
    String label,
    Double score,
    Double threshold,
    String verdict,
    String action,
    double latencyMs,
    String modelVersion,
    List<String> normalizations,
    String matched,
    List<Contribution> explanation,
    String error) {

  public static final String PASS = "pass";
  public static final String HIT = "hit";
  public static final String UNCERTAIN = "uncertain";
  public static final String UNCALIBRATED = "uncalibrated";
  public static final String ERROR = "error";
}
