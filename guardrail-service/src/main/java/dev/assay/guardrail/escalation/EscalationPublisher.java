package dev.assay.guardrail.escalation;

import dev.assay.platform.escalation.EscalatedDecision;
import dev.assay.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.context.ManagedExecutor;
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
  private final ManagedExecutor executor;

  public EscalationPublisher(Outbox outbox, ManagedExecutor executor) {
    this.outbox = outbox;
    this.executor = executor;
  }

  void publish(@Observes EscalatedDecision escalation) {
    if (BlockingOperationControl.isBlockingAllowed()) {
      record(escalation);
    } else {
      // Fired from an event-loop thread, which must not wait for a transaction: record it on a worker.
      executor.execute(() -> record(escalation));
    }
  }

  private void record(EscalatedDecision escalation) {
    try {
      QuarkusTransaction.requiringNew().run(() -> outbox.record(ESCALATED, escalation));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Escalation of trace %s (policy %s, check %s) could not be recorded for review",
          escalation.traceId(), escalation.policy(), escalation.check());
    }
  }
}
