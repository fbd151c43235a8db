package dev.assay.store.record;

import java.time.Instant;
import java.util.List;

/**
 * A rater's judgement of a comparison, in canonical A/B terms, as the labeling service records it.
 *
 * @param criteriaJson the per-criterion choices as a JSON object ({@code {"helpfulness":"A"}})
 * @param strength 1 (A much better) to 7 (B much better), or null on a binary scale
 */
public record HumanJudgement(
    long comparisonId,
    String rater,
    Choice choice,
    Double strength,
    String criteriaJson,
    List<String> flags,
    String rationale,
    boolean aShownLeft,
    Long timeSpentMs,
    long campaignId,
    long assignmentId,
    Instant judgedAt) {

  /** The parameters of {@link PreferenceSql#insertHumanJudgement()}, in its order. */
  public Object[] parameters() {
    return new Object[] {
      comparisonId, rater, choice, strength, criteriaJson, flags, rationale, aShownLeft, timeSpentMs, campaignId,
      assignmentId, judgedAt
    };
  }
}
