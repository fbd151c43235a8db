package dev.assay.guardrail.decision;

import dev.assay.store.record.Message;
import java.time.Instant;
import java.util.List;

/**
 * A decision that was audited and is being returned to its caller, for the observers that measure
 * traffic (meters, monitoring windows, rollouts). Observers run synchronously on the request thread:
 * they record in memory and leave storage to their own background work.
 *
 * @param cohort {@link #PRODUCTION}, or {@link #CANARY} when a staged rollout sent this request to its
 *     candidate
 * @param rollout the id of the canary rollout that served this request; null for production
 */
public record DecisionMade(
    Decision decision, String caller, Instant decidedAt, String cohort, List<Message> prompt, String response,
    Long rollout) {

  public static final String PRODUCTION = "production";
  public static final String CANARY = "canary";
}
