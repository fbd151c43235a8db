package dev.assay.guardrail.incident.api;

import dev.assay.guardrail.incident.Incident;
import java.time.Instant;
import java.util.Map;

/** One timeline entry: {@code kind} is opened, alert.fired, alert.resolved, decision, action, status or note. */
public record EventView(long id, Instant at, String kind, String actor, String summary, Map<String, Object> details) {
  public static EventView of(Incident.Event e) {
    return new EventView(e.id(), e.at(), e.kind(), e.actor(), e.summary(), e.details());
  }
}
