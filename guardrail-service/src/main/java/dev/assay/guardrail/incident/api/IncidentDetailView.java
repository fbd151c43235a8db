package dev.assay.guardrail.incident.api;

import dev.assay.guardrail.incident.Incident;
import java.util.List;

/** An incident and its timeline, oldest event first. */
public record IncidentDetailView(IncidentView incident, List<EventView> timeline) {
  public static IncidentDetailView of(Incident incident, List<Incident.Event> timeline) {
    return new IncidentDetailView(IncidentView.of(incident), timeline.stream().map(EventView::of).toList());
  }
}
