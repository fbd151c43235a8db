package dev.assay.guardrail.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An incident: a safety problem being handled, from the alert (or the admin) that opened it to its
 * resolution and post-mortem.
 *
 * @param links the model and policy versions it is about, e.g. {@code policy}, {@code policy_version},
 *     {@code model_version}, {@code caller} (from the alert's labels) and {@code production_policy_version},
 *     {@code production_reward}, {@code production_preference} (the production pointers when it opened)
 * @param postmortem markdown, null until written
 */
public record Incident(long id, String title, String severity, String status, String owner, String openedBy,
    Instant openedAt, Instant mitigatedAt, Instant resolvedAt, Map<String, String> links, String postmortem) {

  public static final String OPEN = "open";
  public static final String MITIGATED = "mitigated";
  public static final String RESOLVED = "resolved";
  public static final List<String> STATUSES = List.of(OPEN, MITIGATED, RESOLVED);
  public static final List<String> SEVERITIES = List.of("info", "warning", "critical");

  /** Where each status may go: a mitigation that does not hold goes back to open; resolved is final. */
  private static final Map<String, Set<String>> TRANSITIONS = Map.of(
      OPEN, Set.of(MITIGATED, RESOLVED),
      MITIGATED, Set.of(OPEN, RESOLVED),
      RESOLVED, Set.of());

  public boolean canMoveTo(String next) {
    return TRANSITIONS.getOrDefault(status, Set.of()).contains(next);
  }

  public boolean resolved() {
    return RESOLVED.equals(status);
  }

  /** One entry of an incident's timeline. */
  public record Event(long id, long incidentId, Instant at, String kind, String actor, String summary,
      Map<String, Object> details) {
    public static final String OPENED = "opened";
    public static final String ALERT_FIRED = "alert.fired";
    public static final String ALERT_RESOLVED = "alert.resolved";
    public static final String DECISION = "decision";
    public static final String ACTION = "action";
    public static final String STATUS = "status";
    public static final String NOTE = "note";
  }
}
