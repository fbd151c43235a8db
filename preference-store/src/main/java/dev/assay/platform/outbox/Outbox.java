package dev.assay.platform.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Records a domain event in the caller's transaction. {@link OutboxRelay} publishes it to RabbitMQ
 * after commit, so an event exists exactly when the change it describes does.
 */
@ApplicationScoped
public class Outbox {
  private final EntityManager entityManager;
  private final ObjectMapper json;

  public Outbox(EntityManager entityManager, ObjectMapper json) {
    this.entityManager = entityManager;
    this.json = json;
  }

  /**
   * Adds an event; must run inside the transaction that makes the change.
   *
   * @param type the event type, e.g. {@code preference.recorded}; also its routing key
   * @param data the event's data, serialised to JSON
   * @return the event id consumers use to drop duplicates
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID record(String type, Object data) {
    UUID id = UUID.randomUUID();
    ObjectNode envelope = json.createObjectNode();
    envelope.put("id", id.toString());
    envelope.put("type", type);
    envelope.put("occurredAt", Instant.now().toString());
    envelope.set("data", json.valueToTree(data));
    entityManager
        .createNativeQuery(
            "INSERT INTO outbox_event (id, event_type, routing_key, payload) VALUES (?1, ?2, ?3, CAST(?4 AS jsonb))")
        .setParameter(1, id)
        .setParameter(2, type)
        .setParameter(3, type)
        .setParameter(4, envelope.toString())
        .executeUpdate();
    return id;
  }
}
