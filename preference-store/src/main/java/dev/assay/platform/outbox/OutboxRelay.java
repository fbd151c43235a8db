package dev.assay.platform.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
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
  private final TransactionManager transactions;
  private final MutinyEmitter<String> events;

  public OutboxRelay(EntityManager entityManager, TransactionManager transactions,
      @Channel("events") MutinyEmitter<String> events) {
    this.entityManager = entityManager;
    this.transactions = transactions;
    this.events = events;
  }

  // The first run waits a moment: the scheduler starts before messaging has connected its emitters.
  @Scheduled(every = "${assay.outbox.poll-interval:1s}", delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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

  /** Relays one batch in one transaction; returns how many rows were confirmed (0 or the whole batch). */
  private int relayBatch() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entityManager
            .createNativeQuery(
                "SELECT id, routing_key, CAST(payload AS text) FROM outbox_event WHERE published_at IS NULL"
                    + " ORDER BY created_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED")
            .getResultList();
    // Send the whole batch, then wait for the broker's confirms together: one round trip per batch.
    List<UUID> ids = new ArrayList<>(rows.size());
    List<Supplier<Uni<Void>>> sends = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      UUID id = (UUID) row[0];
      OutgoingRabbitMQMetadata metadata =
          OutgoingRabbitMQMetadata.builder()
              .withRoutingKey((String) row[1])
              .withMessageId(id.toString())
              .withContentType("application/json")
              .withDeliveryMode(2)
              .build();
      ids.add(id);
      sends.add(() -> events.sendMessage(Message.of((String) row[2], Metadata.of(metadata))));
    }
    if (ids.isEmpty()) {
      return 0;
    }
    if (!sentAndConfirmed(sends)) {
      // Nothing of this batch is marked: events the broker did take are sent again (at least once).
      return 0;
    }
    entityManager
        .createNativeQuery("UPDATE outbox_event SET published_at = now() WHERE id = ANY(?1)")
        .setParameter(1, ids.toArray(UUID[]::new))
        .executeUpdate();
    return ids.size();
  }

  /**
   * Sends the batch and waits for the broker's confirms, with this thread's transaction suspended (its
   * row locks stay held): the messaging callbacks would otherwise carry the transaction onto broker
   * threads, and Narayana rolls back a commit while another thread is still associated with it.
   */
  private boolean sentAndConfirmed(List<Supplier<Uni<Void>>> sends) {
    Transaction transaction;
    try {
      transaction = transactions.suspend();
    } catch (SystemException e) {
      throw new IllegalStateException(e);
    }
    try {
      List<Uni<Void>> confirms = sends.stream().map(Supplier::get).toList();
      Uni.join().all(confirms).andFailFast().await().atMost(CONFIRM_TIMEOUT);
      return true;
    } catch (RuntimeException e) {
      LOG.warnf("Outbox batch of %d not confirmed by RabbitMQ (%s); it stays pending", sends.size(), e);
      return false;
    } finally {
      try {
        transactions.resume(transaction);
      } catch (InvalidTransactionException | SystemException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
