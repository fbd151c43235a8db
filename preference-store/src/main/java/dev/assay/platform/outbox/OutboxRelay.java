package dev.assay.platform.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes pending outbox rows to the {@code assay.events} topic exchange, at least once.
 *
 * <p>Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas relay in parallel
 * without sending a row twice in the normal case; a row is marked published only after the broker
 * confirmed it. When RabbitMQ is down the rows simply wait: submissions never depend on the broker.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

  private final EntityManager entityManager;
  private final MutinyEmitter<String> events;

  public OutboxRelay(EntityManager entityManager, @Channel("events") MutinyEmitter<String> events) {
    this.entityManager = entityManager;
    this.events = events;
  }

  @Scheduled(every = "${assay.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relayPending() {
    try {
      int sent;
      do {
        sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
      } while (sent == BATCH);
    } catch (RuntimeException e) {
      LOG.debugf("Outbox relay paused: %s", e.getMessage());
    }
  }

  /** Relays one batch in one transaction; returns how many rows were confirmed. */
  private int relayBatch() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "SELECT id, routing_key, CAST(payload AS text) FROM outbox_event WHERE published_at IS NULL"
                    + " ORDER BY created_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
            .getResultList();
    int confirmed = 0;
    for (Object[] row : rows) {
      UUID id = (UUID) row[0];
      OutgoingRabbitMQMetadata metadata =
          OutgoingRabbitMQMetadata.builder()
              .withRoutingKey((String) row[1])
              .withMessageId(id.toString())
              .withContentType("application/json")
              .withDeliveryMode(2)
              .build();
      try {
        events.sendMessage(Message.of((String) row[2], Metadata.of(metadata))).await().atMost(CONFIRM_TIMEOUT);
      } catch (RuntimeException e) {
        LOG.warnf("Outbox event %s not confirmed by RabbitMQ (%s); it stays pending", id, e.getMessage());
        break;
      }
      entityManager
          .createNativeQuery("UPDATE outbox_event SET published_at = now() WHERE id = ?1")
          .setParameter(1, id)
          .executeUpdate();
      confirmed++;
    }
    return confirmed;
  }

  /** Pending events, for health and tests. */
  public long pendingCount() {
    return QuarkusTransaction.requiringNew()
        .call(() -> ((Number) entityManager
            .createNativeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")
            .getSingleResult()).longValue());
  }
}
