package dev.assay.guardrail.escalation;

import dev.assay.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Publishes each escalated decision as {@code guardrail.escalated} through the transactional outbox, in a
 * short transaction of its own: the caller already has its answer and its audit row, so a failure here
 * is logged and never turns the decision into an error.
 *
 * <p>The event carries the texts (prompt, response, fallback) whatever the audit's text settings: the
 * people who review the escalation need to read them.
 */
@ApplicationScoped
public class EscalationPublisher {
  /** The event type, also its routing key on the events exchange. */
  public static final String ESCALATED = "guardrail.escalated";

  private static final Logger LOG = Logger.getLogger(EscalationPublisher.class);

  private final Outbox outbox;

  public EscalationPublisher(Outbox outbox) {
    this.outbox = outbox;
  }

  void publish(@Observes GuardrailEscalation escalation) {
    try {
      QuarkusTransaction.requiringNew().run(() -> outbox.record(ESCALATED, escalation));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Escalation of trace %s (policy %s, check %s) could not be recorded for review",
          escalation.traceId(), escalation.policy(), escalation.check());
    }
  }
}
