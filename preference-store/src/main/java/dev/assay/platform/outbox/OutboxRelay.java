package dev.assay.platform.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
 *
 * <p>The relay polls on a timer of its own, every {@code assay.outbox.poll-interval} (100 ms), not with
 * {@code @Scheduled}: Quarkus's scheduler ticks once a second at the full second, so a busy replica's
 * events all went out in one burst at each second, and in the hand-out benchmark's open loop two thirds
 * of the requests slower than 25 ms fell into the first 300 ms of a second.
 */
@ApplicationScoped
public class OutboxRelay {
  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final int BATCH = 200;
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  // Messaging connects its emitters after startup: the first poll waits for that.
  private static final Duration FIRST_POLL = Duration.ofSeconds(2);

  private final EntityManager entityManager;
  private final TransactionManager transactions;
  private final MutinyEmitter<String> events;
  private final Duration pollInterval;
  private ScheduledExecutorService timer;

  public OutboxRelay(EntityManager entityManager, TransactionManager transactions,
      @Channel("events") MutinyEmitter<String> events,
      @ConfigProperty(name = "assay.outbox.poll-interval") Duration pollInterval) {
    this.entityManager = entityManager;
    this.transactions = transactions;
    this.events = events;
    this.pollInterval = pollInterval;
  }

  void start(@Observes StartupEvent startup, @ConfigProperty(name = "assay.roles.background") boolean background) {
    if (!background) {
      return; // a one-shot command: the server relays what it wrote
    }
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());
    // With a fixed delay, one poll never overlaps the next.
    timer.scheduleWithFixedDelay(this::relayPending, FIRST_POLL.toMillis(), pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    timer.awaitTermination(CONFIRM_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
  }

  private void relayPending() {
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
