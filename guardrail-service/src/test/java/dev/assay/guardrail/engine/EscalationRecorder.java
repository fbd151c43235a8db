package dev.assay.guardrail.engine;

import dev.assay.platform.escalation.EscalatedDecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the escalations the engine fires, so tests can see them. */
@ApplicationScoped
public class EscalationRecorder {
  private final List<EscalatedDecision> seen = new CopyOnWriteArrayList<>();

  void on(@Observes EscalatedDecision escalation) {
    seen.add(escalation);
  }

  public List<EscalatedDecision> seen() {
    return seen;
  }
}
