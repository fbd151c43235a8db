package dev.assay.guardrail.monitoring.overview;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * What the guardrail decided over a time range: decisions per time bucket, policy and action, the checks
 * that hit most, the callers whose requests were held most, and each policy's score distribution
 * against the range before it.
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
    List<ScoreHistogram> scores) {

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
   * A policy's scores in equal-width bins from {@code low} to {@code high}: {@code current} counts the
   * range, {@code reference} the range of the same length just before it.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record ScoreHistogram(String policy, double low, double high, List<Long> current, List<Long> reference) {}
}
