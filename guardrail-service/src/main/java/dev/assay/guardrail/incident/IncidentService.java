package dev.assay.guardrail.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.audit.AuditQueries;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.alert.AlertFired;
import dev.assay.guardrail.monitoring.alert.AlertResolved;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.ModelRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Incidents: opened by hand, from an alert, or by an alert as it fires (for the severities and rules of
 * {@link IncidentSettings}); an alert's later firings on the same subject and their resolutions append
 * themselves to the timeline of the incident that follows it, with the audited decisions sampled around it.
 * Status changes follow {@link Incident#canMoveTo}; opening and status changes are audited.
 */
@ApplicationScoped
public class IncidentService {
  private static final Logger LOG = Logger.getLogger(IncidentService.class);
  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};
  private static final String COLUMNS = "id, title, severity, status, owner, opened_by, opened_at, mitigated_at,"
      + " resolved_at, links::text AS links, postmortem";
  /** Alert labels that name what an incident is about. */
  private static final List<String> LINKED_LABELS = List.of("policy", "policy_version", "model_version", "caller",
      "cohort", "rollout");

  /** A new incident opened by hand. */
  public record Draft(String title, String severity, String owner, Map<String, String> links) {}

  private final Sql sql;
  private final ObjectMapper json;
  private final Clock clock;
  private final IncidentSettings settings;
  private final AuditQueries decisions;
  private final PolicyService policies;
  private final ModelRegistry registry;
  private final AlertService alerts;
  private final AdminAudit audit;

  public IncidentService(Sql sql, ObjectMapper json, Clock clock, IncidentSettings settings, AuditQueries decisions,
      PolicyService policies, ModelRegistry registry, AlertService alerts, AdminAudit audit) {
    this.sql = sql;
    this.json = json;
    this.clock = clock;
    this.settings = settings;
    this.decisions = decisions;
    this.policies = policies;
    this.registry = registry;
    this.alerts = alerts;
    this.audit = audit;
  }

  /**
   * Opens an incident by hand.
   *
   * @throws ProblemException 422 naming {@code title} or {@code severity}
   */
  public Incident open(Draft draft, String user) {
    if (draft.title() == null || draft.title().isBlank()) {
      throw ProblemException.invalid("title", "title is required");
    }
    String severity = severity(draft.severity());
    Map<String, String> links = new TreeMap<>(draft.links() == null ? Map.of() : draft.links());
    links.putAll(productionPointers(links.get("policy")));
    return QuarkusTransaction.requiringNew().call(() -> {
      Incident incident = insert(draft.title().strip(), severity, blankToNull(draft.owner()), user, links);
      append(incident.id(), clock.instant(), Incident.Event.OPENED, user, "opened by hand", Map.of());
      return incident;
    });
  }

  /**
   * Opens an incident from an alert looked up by id, or returns the unresolved incident that already follows it.
   *
   * @throws ProblemException 422 naming {@code alertId} for an unknown alert
   */
  public Incident openFromAlert(long alertId, String owner, String user) {
    Alert alert = alerts.find(alertId)
        .orElseThrow(() -> ProblemException.invalid("alertId", "no alert has id " + alertId));
    return openFromAlert(alert, owner, user);
  }

  /** Opens an incident from an alert, or returns the unresolved incident that already follows it. */
  public Incident openFromAlert(Alert alert, String owner, String user) {
    Optional<Incident> following = QuarkusTransaction.requiringNew().call(() -> following(alert));
    if (following.isPresent()) {
      return following.get();
    }
    Map<String, String> links = new TreeMap<>();
    LINKED_LABELS.forEach(label -> {
      String value = alert.labels() == null ? null : alert.labels().get(label);
      if (value != null) {
        links.put(label, value);
      }
    });
    links.putAll(productionPointers(links.get("policy")));
    List<Map<String, Object>> sampled = sample(alert);
    return QuarkusTransaction.requiringNew().call(() -> {
      Incident incident = insert(title(alert), severity(alert.severity()), blankToNull(owner), user, links);
      append(incident.id(), clock.instant(), Incident.Event.OPENED, user, "opened from alert " + alert.id(), Map.of());
      link(incident.id(), alert);
      appendFired(incident.id(), alert);
      appendDecisions(incident.id(), sampled);
      return incident;
    });
  }

  /** A firing joins the unresolved incident that follows its rule and subject, else may open one. */
  void onAlertFired(@Observes AlertFired fired) {
    Alert alert = fired.alert();
    try {
      Optional<Incident> following = QuarkusTransaction.requiringNew().call(() -> following(alert));
      if (following.isPresent()) {
        List<Map<String, Object>> sampled = sample(alert);
        QuarkusTransaction.requiringNew().run(() -> {
          if (link(following.get().id(), alert)) {
            appendFired(following.get().id(), alert);
            appendDecisions(following.get().id(), sampled);
          }
        });
      } else if (opensByItself(alert)) {
        Incident incident = openFromAlert(alert, null, AdminAudit.SYSTEM);
        LOG.infof("Alert %d (%s, %s) opened incident %d", alert.id(), alert.rule(), alert.severity(), incident.id());
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "Alert %d could not be handed to incidents", alert.id());
    }
  }

  /** A resolution of a followed alert joins the timelines of the incidents that follow it. */
  void onAlertResolved(@Observes AlertResolved resolved) {
    Alert alert = resolved.alert();
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        for (Long incidentId : sql.list("SELECT incident_id FROM guardrail_incident_alert WHERE alert_id = ?",
            row -> row.getLong(1), alert.id())) {
          append(incidentId, alert.resolvedAt() == null ? clock.instant() : alert.resolvedAt(),
              Incident.Event.ALERT_RESOLVED, AdminAudit.SYSTEM, "resolved: " + title(alert), alertDetails(alert));
        }
      });
    } catch (RuntimeException e) {
      LOG.errorf(e, "Resolution of alert %d could not be handed to incidents", alert.id());
    }
  }

  /** @throws ProblemException 404 for an unknown incident */
  @Transactional
  public Incident get(long id) {
    return sql.one("SELECT " + COLUMNS + " FROM guardrail_incident WHERE id = ?", this::incident, id)
        .orElseThrow(() -> ProblemException.notFound("incident", id));
  }

  /**
   * Incidents, newest first.
   *
   * @param status null for all; {@code unresolved} for open and mitigated
   * @throws ProblemException 422 naming {@code status}
   */
  @Transactional
  public List<Incident> list(String status) {
    if (status == null || status.isBlank()) {
      return sql.list("SELECT " + COLUMNS + " FROM guardrail_incident ORDER BY opened_at DESC, id DESC", this::incident);
    }
    if ("unresolved".equals(status)) {
      return sql.list("SELECT " + COLUMNS + " FROM guardrail_incident WHERE status <> 'resolved'"
          + " ORDER BY opened_at DESC, id DESC", this::incident);
    }
    return sql.list("SELECT " + COLUMNS + " FROM guardrail_incident WHERE status = ? ORDER BY opened_at DESC, id DESC",
        this::incident, status(status));
  }

  /** The incident's timeline in the order things happened. @throws ProblemException 404 */
  @Transactional
  public List<Incident.Event> timeline(long id) {
    get(id);
    return sql.list("SELECT id, incident_id, at, kind, actor, summary, details::text AS details"
        + " FROM guardrail_incident_event WHERE incident_id = ? ORDER BY at, id", this::event, id);
  }

  /** One event of an incident's timeline. @throws ProblemException 404 */
  @Transactional
  public Incident.Event event(long id, long eventId) {
    return sql.one("SELECT id, incident_id, at, kind, actor, summary, details::text AS details"
            + " FROM guardrail_incident_event WHERE incident_id = ? AND id = ?", this::event, id, eventId)
        .orElseThrow(() -> ProblemException.notFound("incident event", id + "/" + eventId));
  }

  /**
   * Moves the incident to {@code status}, audited as {@code incident.status}.
   *
   * @throws ProblemException 404; 422 naming {@code status}; 409 for a move {@link Incident#canMoveTo} refuses
   */
  @Transactional
  public Incident changeStatus(long id, String status, String user) {
    String next = status(status);
    Incident incident = locked(id);
    if (!incident.canMoveTo(next)) {
      throw ProblemException.conflict("incident " + id + " is " + incident.status() + " and cannot become " + next);
    }
    Instant now = clock.instant();
    sql.update("UPDATE guardrail_incident SET status = ?,"
        + " mitigated_at = CASE WHEN ? = 'mitigated' THEN ? ELSE mitigated_at END,"
        + " resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END WHERE id = ?",
        next, next, now, next, now, id);
    append(id, now, Incident.Event.STATUS, user, "moved from " + incident.status() + " to " + next,
        Map.of("from", incident.status(), "to", next));
    audit.record("incident.status", "incident:" + id, Map.of("from", incident.status(), "to", next));
    return get(id);
  }

  /** Hands the incident to an owner (null: nobody). @throws ProblemException 404 */
  @Transactional
  public Incident assign(long id, String owner, String user) {
    Incident incident = locked(id);
    String next = blankToNull(owner);
    sql.update("UPDATE guardrail_incident SET owner = ? WHERE id = ?", next, id);
    append(id, clock.instant(), Incident.Event.NOTE, user, "owner: " + (next == null ? "nobody" : next),
        Map.of("from", String.valueOf(incident.owner()), "to", String.valueOf(next)));
    return get(id);
  }

  /** Adds a note to the timeline. @throws ProblemException 404; 422 naming {@code text} */
  @Transactional
  public Incident.Event note(long id, String text, String user) {
    if (text == null || text.isBlank()) {
      throw ProblemException.invalid("text", "text is required");
    }
    locked(id);
    return append(id, clock.instant(), Incident.Event.NOTE, user, text.strip(), Map.of());
  }

  /** Replaces the post-mortem (markdown). @throws ProblemException 404; 422 naming {@code markdown} */
  @Transactional
  public Incident writePostmortem(long id, String markdown, String user) {
    if (markdown == null) {
      throw ProblemException.invalid("markdown", "markdown is required (empty text clears the post-mortem)");
    }
    locked(id);
    sql.update("UPDATE guardrail_incident SET postmortem = ? WHERE id = ?", blankToNull(markdown), id);
    audit.record("incident.postmortem", "incident:" + id, Map.of("chars", markdown.length()));
    return get(id);
  }

  /**
   * Appends an event in the caller's transaction.
   *
   * @throws ProblemException 404 for an unknown incident
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Incident.Event append(long incidentId, Instant at, String kind, String actor, String summary,
      Map<String, ?> details) {
    return sql.one("INSERT INTO guardrail_incident_event (incident_id, at, kind, actor, summary, details)"
            + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))"
            + " RETURNING id, incident_id, at, kind, actor, summary, details::text AS details",
        this::event, incidentId, at, kind, actor, summary, toJson(details)).orElseThrow();
  }

  /** The incident, locked for the caller's transaction. @throws ProblemException 404 */
  @Transactional(Transactional.TxType.MANDATORY)
  Incident locked(long id) {
    return sql.one("SELECT " + COLUMNS + " FROM guardrail_incident WHERE id = ? FOR UPDATE", this::incident, id)
        .orElseThrow(() -> ProblemException.notFound("incident", id));
  }

  private Incident insert(String title, String severity, String owner, String user, Map<String, String> links) {
    Incident incident = sql.one("INSERT INTO guardrail_incident (title, severity, status, owner, opened_by, opened_at,"
            + " links) VALUES (?, ?, 'open', ?, ?, ?, CAST(? AS jsonb)) RETURNING " + COLUMNS,
        this::incident, title, severity, owner, user, clock.instant(), toJson(links)).orElseThrow();
    audit.record("incident.open", "incident:" + incident.id(), Map.of("title", title, "severity", severity));
    return incident;
  }

  private Optional<Incident> following(Alert alert) {
    return sql.one("SELECT " + COLUMNS.replace("id,", "i.id,") + " FROM guardrail_incident i"
        + " JOIN guardrail_incident_alert a ON a.incident_id = i.id"
        + " WHERE a.rule = ? AND a.subject = ? AND i.status <> 'resolved' ORDER BY i.id DESC LIMIT 1",
        this::incident, alert.rule(), subject(alert));
  }

  /** Links the alert; false when it already was. */
  private boolean link(long incidentId, Alert alert) {
    return sql.update("INSERT INTO guardrail_incident_alert (incident_id, alert_id, rule, subject) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING", incidentId, alert.id(), alert.rule(), subject(alert)) == 1;
  }

  private void appendFired(long incidentId, Alert alert) {
    append(incidentId, alert.firedAt(), Incident.Event.ALERT_FIRED, AdminAudit.SYSTEM, title(alert),
        alertDetails(alert));
  }

  /** Appends the sampled decisions the timeline does not hold yet (a later firing samples some of them again). */
  private void appendDecisions(long incidentId, List<Map<String, Object>> sampled) {
    List<String> held = sql.list("SELECT details->>'trace_id' FROM guardrail_incident_event WHERE incident_id = ?"
        + " AND kind = ?", row -> row.getString(1), incidentId, Incident.Event.DECISION);
    for (Map<String, Object> row : sampled) {
      if (held.contains(String.valueOf(row.get("trace_id")))) {
        continue;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      for (String key : List.of("trace_id", "caller", "policy", "policy_version", "model_version", "decision", "score",
          "threshold", "reasons")) {
        if (row.get(key) != null) {
          details.put(key, row.get(key));
        }
      }
      Instant at = Instant.parse(String.valueOf(row.get("decided_at")));
      append(incidentId, at, Incident.Event.DECISION, AdminAudit.SYSTEM, row.get("decision") + " by "
          + row.get("policy") + " v" + row.get("policy_version") + " (model " + row.get("model_version") + ") for "
          + row.get("caller"), details);
    }
  }

  /**
   * Audited decisions of the alert's policy (and caller, when it names one) in the sample window before it
   * fired: the ones not allowed first, newest first.
   */
  private List<Map<String, Object>> sample(Alert alert) {
    Map<String, String> labels = alert.labels() == null ? Map.of() : alert.labels();
    Instant to = alert.firedAt().plusNanos(1_000);
    AuditQueries.Filter filter = new AuditQueries.Filter(labels.get("policy"), null, labels.get("caller"),
        alert.firedAt().minus(settings.sampleWindow()), to, null);
    int size = Math.max(1, settings.sampleSize());
    List<Map<String, Object>> window = new ArrayList<>(decisions.page(filter, 0, Math.min(1_000, size * 20)).items());
    window.sort(Comparator.comparing((Map<String, Object> row) -> "allow".equals(row.get("decision"))));
    return window.stream().limit(size).toList();
  }

  /** The production versions of the policy and of the reward models now, so the incident says what served. */
  private Map<String, String> productionPointers(String policy) {
    Map<String, String> pointers = new TreeMap<>();
    if (policy != null) {
      try {
        pointers.put("production_policy_version", String.valueOf(policies.resolve(policy, null).version));
      } catch (ProblemException e) {
        LOG.debugf("policy %s has no production version: %s", policy, e.getMessage());
      }
    }
    for (ModelKind kind : List.of(ModelKind.REWARD, ModelKind.PREFERENCE)) {
      registry.production(kind.name()).ifPresent(model ->
          pointers.put("production_" + kind.name().toLowerCase(), model.version()));
    }
    return pointers;
  }

  private boolean opensByItself(Alert alert) {
    return settings.autoOpenSeverities().contains(alert.severity())
        || settings.autoOpenRules().map(rules -> rules.contains(alert.rule())).orElse(false);
  }

  private static Map<String, Object> alertDetails(Alert alert) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("alertId", alert.id());
    details.put("rule", alert.rule());
    details.put("kind", alert.kind());
    details.put("severity", alert.severity());
    details.put("labels", alert.labels() == null ? Map.of() : alert.labels());
    details.put("value", alert.value());
    details.put("threshold", alert.threshold());
    return details;
  }

  private static String title(Alert alert) {
    return alert.summary() == null || alert.summary().isBlank() ? alert.rule() + " (" + alert.kind() + ")"
        : alert.summary();
  }

  /** The labels that name what an alert is about, in a stable order. */
  private static String subject(Alert alert) {
    return (alert.labels() == null ? Map.<String, String>of() : alert.labels()).entrySet().stream()
        .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static String severity(String severity) {
    if (severity == null || !Incident.SEVERITIES.contains(severity)) {
      throw ProblemException.invalid("severity", "severity must be one of " + Incident.SEVERITIES + " but was "
          + (severity == null ? "missing" : "\"" + severity + "\""));
    }
    return severity;
  }

  private static String status(String status) {
    if (status == null || !Incident.STATUSES.contains(status)) {
      throw ProblemException.invalid("status", "status must be one of " + Incident.STATUSES + " but was "
          + (status == null ? "missing" : "\"" + status + "\""));
    }
    return status;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private Incident incident(ResultSet row) throws SQLException {
    Map<String, String> links = new TreeMap<>();
    fromJson(row.getString("links")).forEach((k, v) -> links.put(k, String.valueOf(v)));
    return new Incident(row.getLong("id"), row.getString("title"), row.getString("severity"), row.getString("status"),
        row.getString("owner"), row.getString("opened_by"), Sql.instant(row, "opened_at"),
        Sql.instant(row, "mitigated_at"), Sql.instant(row, "resolved_at"), links, row.getString("postmortem"));
  }

  private Incident.Event event(ResultSet row) throws SQLException {
    return new Incident.Event(row.getLong("id"), row.getLong("incident_id"), Sql.instant(row, "at"),
        row.getString("kind"), row.getString("actor"), row.getString("summary"), fromJson(row.getString("details")));
  }

  private Map<String, Object> fromJson(String value) throws SQLException {
    try {
      return value == null ? Map.of() : json.readValue(value, DETAILS);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable incident json", e);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
