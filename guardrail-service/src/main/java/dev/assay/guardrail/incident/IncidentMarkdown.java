package dev.assay.guardrail.incident;

import static dev.assay.guardrail.card.ModelCardMarkdown.table;
import static dev.assay.guardrail.card.ModelCardMarkdown.text;

import java.util.List;
import java.util.Map;

/**
 * An incident as a markdown document: what it is, what it is about, its timeline and its post-mortem. Text
 * from data (titles, notes, labels) is escaped as on model cards; the post-mortem is the admin's markdown.
 */
public final class IncidentMarkdown {
  private IncidentMarkdown() {}

  public static String render(Incident incident, List<Incident.Event> timeline) {
    StringBuilder md = new StringBuilder();
    md.append("# Incident ").append(incident.id()).append(": ").append(text(incident.title())).append("\n\n");
    table(md, List.of("severity", "status", "owner", "opened", "by", "mitigated", "resolved"), List.of(List.of(
        incident.severity(), incident.status(), text(incident.owner()), String.valueOf(incident.openedAt()),
        text(incident.openedBy()), time(incident.mitigatedAt()), time(incident.resolvedAt()))));
    md.append("## Linked versions\n\n");
    if (incident.links().isEmpty()) {
      md.append("None recorded.\n\n");
    } else {
      table(md, List.of("what", "version"), incident.links().entrySet().stream()
          .map(link -> List.of(text(link.getKey()), text(link.getValue()))).toList());
    }
    md.append("## Timeline\n\n");
    table(md, List.of("at", "event", "by", "what"), timeline.stream().map(event -> List.of(
        String.valueOf(event.at()), event.kind(), text(event.actor()), text(event.summary()) + trace(event.details())))
        .toList());
    md.append("## Post-mortem\n\n")
        .append(incident.postmortem() == null ? "Not written yet." : incident.postmortem().strip()).append('\n');
    return md.toString();
  }

  /** A sampled decision's trace id, so the reader can look it up in the audit log. */
  private static String trace(Map<String, Object> details) {
    Object traceId = details.get("trace_id");
    return traceId == null ? "" : " (trace " + text(String.valueOf(traceId)) + ")";
  }

  private static String time(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
