package dev.assay.guardrail.incident.api;

import dev.assay.guardrail.incident.Incident;
import java.time.Instant;
import java.util.Map;

/** An incident without its timeline. */
public record IncidentView(long id, String title, String severity, String status, String owner, String openedBy,
    Instant openedAt, Instant mitigatedAt, Instant resolvedAt, Map<String, String> links, String postmortem) {

  public static IncidentView of(Incident i) {
    return new IncidentView(i.id(), i.title(), i.severity(), i.status(), i.owner(), i.openedBy(), i.openedAt(),
        i.mitigatedAt(), i.resolvedAt(), i.links(), i.postmortem());
  }
}
