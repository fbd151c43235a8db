package dev.assay.labeling.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Takes {@code guardrail.escalated} events off the moderation-review queue. A message is acknowledged
 * once its item is stored (or found stored: redeliveries are harmless); a malformed event goes to the
 * dead-letter queue at once, and any other failure (the database away, say) puts it back for another try.
 */
@ApplicationScoped
public class EscalationConsumer {
  private static final Logger LOG = Logger.getLogger(EscalationConsumer.class);

  private final ModerationReviewService reviews;
  private final ObjectMapper json;

  public EscalationConsumer(ModerationReviewService reviews, ObjectMapper json) {
    this.reviews = reviews;
    this.json = json;
  }

  @Incoming("guardrail-escalations")
  @Blocking
  public CompletionStage<Void> onEscalated(Message<JsonObject> message) {
    JsonObject event = message.getPayload();
    try {
      String id = event.getString("id");
      if (id == null) {
        throw new IllegalArgumentException("a guardrail.escalated event has no id");
      }
      UUID eventId = UUID.fromString(id);
      JsonObject data = event.getJsonObject("data");
      if (data == null) {
        throw new IllegalArgumentException("guardrail.escalated event " + eventId + " has no data");
      }
      ModerationReviewService.Received received =
          reviews.receive(eventId, json.readValue(data.encode(), EscalatedDecision.class));
      if (received.duplicate()) {
        LOG.debugf("guardrail.escalated event %s: its escalation is already comparison %d of campaign %d", eventId,
            received.comparisonId(), received.campaignId());
      }
      return message.ack();
    } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
      LOG.errorf("guardrail.escalated event %s cannot become a review item (%s); it goes to the dead-letter queue",
          event.getValue("id"), e.getMessage());
      return message.nack(e, Metadata.of(new RabbitMQRejectMetadata(false)));
    } catch (RuntimeException e) {
      LOG.warnf(e, "guardrail.escalated event %s not stored; it goes back to the queue", event.getValue("id"));
      return message.nack(e, Metadata.of(new RabbitMQRejectMetadata(true)));
    }
  }
}
