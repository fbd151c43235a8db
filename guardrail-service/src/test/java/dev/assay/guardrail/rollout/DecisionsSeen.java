package dev.assay.guardrail.rollout;

import dev.assay.guardrail.decision.DecisionMade;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the decisions fired to observers by trace id, so tests see the cohort and rollout each carried. */
@ApplicationScoped
public class DecisionsSeen {
  private final Map<String, DecisionMade> byTrace = new ConcurrentHashMap<>();

  void on(@Observes DecisionMade made) {
    byTrace.put(made.decision().traceId(), made);
  }

  public DecisionMade get(String traceId) {
    return byTrace.get(traceId);
  }
}
