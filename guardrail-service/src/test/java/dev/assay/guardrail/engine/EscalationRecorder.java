package dev.assay.guardrail.engine;

import dev.assay.guardrail.escalation.GuardrailEscalation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the escalations the engine fires, so tests can see them. */
@ApplicationScoped
public class EscalationRecorder {
  private final List<GuardrailEscalation> seen = new CopyOnWriteArrayList<>();

  void on(@Observes GuardrailEscalation escalation) {
    seen.add(escalation);
  }

  public List<GuardrailEscalation> seen() {
    return seen;
  }
}
