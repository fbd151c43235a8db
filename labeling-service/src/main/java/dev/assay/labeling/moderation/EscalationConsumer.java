package dev.assay.labeling.moderation;

import dev.assay.platform.escalation.EscalatedDecision;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.LabelingConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Takes {@code guardrail.escalated} events off the moderation-review queue. A message is acknowledged
 * once its item is stored (or found stored: redeliveries are harmless); a malformed event goes to the
 * dead-letter queue at once. Any other failure (the database away, say) puts it back for another try after
 * a pause that doubles with each failure, so a short outage ends with the item stored; after
 * {@code max-attempts} failed deliveries the event goes to the dead-letter queue instead of coming back
 * forever. Classic queues do not count deliveries, so this consumer counts the failures of each event
 * itself (a restart starts the count again).
 */
@ApplicationScoped
public class EscalationConsumer {
  private static final Logger LOG = Logger.getLogger(EscalationConsumer.class);

  private final ModerationReviewService reviews;
  private final ObjectMapper json;
  private final LabelingConfig.Moderation settings;
  /** Failed deliveries so far, by event id; an event leaves the map when it is stored or dead-lettered. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public EscalationConsumer(ModerationReviewService reviews, ObjectMapper json, LabelingConfig config) {
    this.reviews = reviews;
    this.json = json;
    this.settings = config.moderation();
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
      failures.remove(id);
      return message.ack();
    } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
      LOG.errorf("guardrail.escalated event %s cannot become a review item (%s); it goes to the dead-letter queue",
          event.getValue("id"), e.getMessage());
      failures.remove(String.valueOf(event.getValue("id")));
      return message.nack(e, Metadata.of(new RabbitMQRejectMetadata(false)));
    } catch (RuntimeException e) {
      return retryOrDeadLetter(message, String.valueOf(event.getValue("id")), e);
    }
  }

  private CompletionStage<Void> retryOrDeadLetter(Message<JsonObject> message, String id, RuntimeException e) {
    int failed = failures.merge(id, 1, Integer::sum);
    if (failed >= settings.maxAttempts()) {
      failures.remove(id);
      LOG.errorf(e, "guardrail.escalated event %s not stored after %d attempts; it goes to the dead-letter queue",
          id, failed);
      return message.nack(e, Metadata.of(new RabbitMQRejectMetadata(false)));
    }
    Duration pause = pauseAfter(failed);
    LOG.warnf(e, "guardrail.escalated event %s not stored (attempt %d of %d); it goes back to the queue in %s", id,
        failed, settings.maxAttempts(), pause);
    try {
      // Holding the delivery paces the whole queue: while the database is away, every event would fail alike.
      Thread.sleep(pause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return message.nack(e, Metadata.of(new RabbitMQRejectMetadata(true)));
  }

  private Duration pauseAfter(int failed) {
    Duration pause = settings.retryPause().multipliedBy(1L << Math.min(failed - 1, 20));
    return pause.compareTo(settings.maxRetryPause()) > 0 ? settings.maxRetryPause() : pause;
  }
}
