package dev.assay.guardrail.monitoring.overview;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * What the guardrail decided over a time range: decisions per time bucket, policy and action, the checks
 * that hit most, the callers whose requests were held most, each production score's distribution against
 * the range before it (with PSI and KS), and each policy's share of out-of-distribution requests, and each cohort's held share (canary against
 * production).
 *
 * @param from inclusive
 * @param to exclusive
 * @param bucketSeconds the width of each rate bucket
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Overview(
    Instant from,
    Instant to,
    long bucketSeconds,
    String policy,
    List<DecisionRate> rates,
    List<TriggeredCheck> topChecks,
    List<NoisyCaller> noisyCallers,
    List<ScoreDrift> scores,
    List<OodShare> ood,
    List<CohortRate> cohorts) {

  /** How many decisions of a policy took this action in the bucket starting at {@code bucket}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record DecisionRate(Instant bucket, String policy, String decision, long count) {}

  /** A check (by policy, stage and name) and how often it hit in the range. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TriggeredCheck(String policy, String stage, String check, long hits) {}

  /** A caller (API key or user) and its decisions in the range that were not a plain allow. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record NoisyCaller(String caller, long block, long flag, long escalate, long decisions) {
    public long held() {
      return block + flag + escalate;
    }
  }

  /**
   * One score of a policy's production traffic ({@code check@model-version}) in the monitoring windows' bins
   * from {@code low} to {@code high}: {@code current} counts the range, {@code reference} the range of the same
   * length just before it; PSI and KS between them, null while either is empty.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ScoreDrift(String policy, String score, double low, double high, List<Long> current,
      List<Long> reference, Double psi, Double ks) {}

  /**
   * A policy's decisions in one cohort ({@code production}, or {@code canary} while a canary rollout serves part of
   * its traffic) and how many of them were held (blocked, flagged, escalated or redacted).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CohortRate(String policy, String cohort, long decisions, long held) {
    public double heldShare() {
      return decisions == 0 ? 0 : (double) held / decisions;
    }
  }

  /** Of a policy's production requests with an OOD score in the range, how many were above the OOD threshold. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record OodShare(String policy, long scored, long above) {
    public double share() {
      return scored == 0 ? 0 : (double) above / scored;
    }
  }
}
