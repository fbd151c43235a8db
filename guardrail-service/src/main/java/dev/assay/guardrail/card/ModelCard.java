package dev.assay.guardrail.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a registered model is, what it is for, what it was trained on, how it measured, how it failed and how
 * it reached (or left) production: the card {@code GET /api/v1/models/{id}/card} serves as JSON or markdown.
 */
public record ModelCard(
    Model model, Uses uses, TrainingData trainingData, Evaluation evaluation, Calibration calibration,
    List<SuiteRun> suiteRuns, List<SuiteRun> biasAudit, Map<String, List<FailureCatalogue.Group>> knownFailureModes,
    List<PromotionEvent> promotionHistory, Instant generatedAt) {

  public record Model(
      long id, String version, String name, String kind, String stage, String featurizer, Long trainingRunId,
      Instant createdAt, Instant promotedAt) {}

  /**
   * @param intendedUse what a model of this kind is for
   * @param outOfScope what it must not be used for
   * @param notes what an admin added for this model (null when nothing)
   */
  public record Uses(String intendedUse, List<String> outOfScope, ModelCardNotes.Notes notes) {}

  /**
   * The snapshot the model was trained on (null fields for a classifier registered from files) and the
   * training configuration.
   *
   * @param snapshotHash the content hash the registry recorded at training time
   * @param lineageHash the snapshot's content hash now (equal unless the snapshot changed, which it never should)
   * @param raters how many distinct raters' judgements the snapshot holds
   */
  public record TrainingData(
      Long snapshotId, String snapshotName, String snapshotHash, String lineageHash, String snapshotCreatedBy,
      Instant snapshotCreatedAt, Map<String, Long> counts, List<String> datasets, List<Long> campaigns, Integer raters,
      Long adjudicated, Object filter, Map<String, Object> trainingConfig) {}

  /** One measured figure; {@code n}, {@code low} and {@code high} (95% Wilson interval) when it is a proportion. */
  public record Metric(String name, double value, Long n, Double low, Double high) {}

  /** The registry's evaluation: the headline metrics with intervals, and the full report as stored. */
  public record Evaluation(String on, List<Metric> metrics, Map<String, Object> report) {}

  /**
   * How far the model's probabilities can be trusted, the normalisation of its scores, and the thresholds of
   * policies in production that were calibrated for this version.
   */
  public record Calibration(List<Metric> metrics, Map<String, Object> details, List<CalibratedThreshold> thresholds) {}

  /** A check of a policy in production whose threshold was calibrated for this model version. */
  public record CalibratedThreshold(
      String policy, int policyVersion, String stage, String check, Double threshold, String onUncalibrated) {}

  /** A stored suite run against this model. */
  public record SuiteRun(
      long runId, String suite, int suiteVersion, String kind, String policy, Integer policyVersion,
      String modelVersion, int probes, int failures, JsonNode metrics, String ranBy, Instant ranAt) {}

  /**
   * One event of the model's way into or out of production: a verdict of the promotion gate ({@code gate}),
   * or a rollback that took it out ({@code rolled-back}) or brought it back ({@code restored}).
   *
   * @param role for a gate verdict, {@code candidate} when this model was judged, {@code baseline} when another
   *     was measured against it
   * @param otherModelId the baseline of a candidate verdict, the candidate of a baseline verdict, the model a
   *     rollback brought back or took out
   * @param details the gate's report as stored; for a rollback, the other model's version
   */
  public record PromotionEvent(
      String event, Long gateId, String role, Boolean passed, Long otherModelId, Map<String, Object> details,
      String by, Instant at) {}
}
