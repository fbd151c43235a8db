package dev.assay.guardrail.monitoring.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Alerts: fired when a rule has breached on a subject for its window count, resolved at the first window that
 * does not breach, one open alert per rule and subject. Each change is stored with an {@code alert.fired} or
 * {@code alert.resolved} event in the outbox, and announced as {@link AlertFired} / {@link AlertResolved} once
 * committed.
 */
@ApplicationScoped
public class AlertService {
  private static final Logger LOG = Logger.getLogger(AlertService.class);
  public static final String FIRED = "alert.fired";
  public static final String RESOLVED = "alert.resolved";
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};
  private static final String COLUMNS = "id, rule_name, kind, severity, labels, value, threshold, fired_at,"
      + " resolved_at, summary";

  /** What one evaluation changed: to announce after its commit. */
  public record Changes(List<Alert> fired, List<Alert> resolved) {}

  /**
   * Filters of {@link #list}; null fields do not filter.
   *
   * @param open true: firing only; false: resolved only
   * @param since fired at or after
   */
  public record Filter(Boolean open, String kind, String severity, String rule, String policy, String caller,
      Instant since, int limit) {}

  private final Sql sql;
  private final Outbox outbox;
  private final ObjectMapper json;
  private final Clock clock;
  private final Event<AlertFired> firedEvents;
  private final Event<AlertResolved> resolvedEvents;

  public AlertService(Sql sql, Outbox outbox, ObjectMapper json, Clock clock, Event<AlertFired> firedEvents,
      Event<AlertResolved> resolvedEvents) {
    this.sql = sql;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
    this.firedEvents = firedEvents;
    this.resolvedEvents = resolvedEvents;
  }

  /** Alerts newest first. */
  public List<Alert> list(Filter filter) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT " + COLUMNS + " FROM guardrail_alert"
            + " WHERE (CAST(? AS boolean) IS NULL OR (resolved_at IS NULL) = ?)"
            + " AND (CAST(? AS text) IS NULL OR kind = ?) AND (CAST(? AS text) IS NULL OR severity = ?)"
            + " AND (CAST(? AS text) IS NULL OR rule_name = ?) AND (CAST(? AS text) IS NULL OR labels->>'policy' = ?)"
            + " AND (CAST(? AS text) IS NULL OR labels->>'caller' = ?)"
            + " AND (CAST(? AS timestamptz) IS NULL OR fired_at >= ?) ORDER BY fired_at DESC, id DESC LIMIT ?",
        this::alert, filter.open(), filter.open(), filter.kind(), filter.kind(), filter.severity(), filter.severity(),
        filter.rule(), filter.rule(), filter.policy(), filter.policy(), filter.caller(), filter.caller(),
        filter.since(), filter.since(), filter.limit()));
  }

  /** Every alert firing now, newest first. */
  public List<Alert> open() {
    return list(new Filter(true, null, null, null, null, null, null, 1000));
  }

  /** @throws ProblemException 404 for an unknown alert */
  public Alert get(long id) {
    return find(id).orElseThrow(() -> ProblemException.notFound("alert", id));
  }

  public Optional<Alert> find(long id) {
    return QuarkusTransaction.requiringNew().call(() -> sql.one("SELECT " + COLUMNS + " FROM guardrail_alert"
        + " WHERE id = ?", this::alert, id));
  }

  /**
   * The statistics computed for the windows starting in {@code [from, to)}, oldest first.
   *
   * @param rule null for every rule
   * @param policy null for every policy (caller signals have none)
   */
  public List<SignalPoint> signals(Instant from, Instant to, String rule, String policy) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT * FROM guardrail_monitoring_signal"
            + " WHERE window_start >= ? AND window_start < ? AND (CAST(? AS text) IS NULL OR rule_name = ?)"
            + " AND (CAST(? AS text) IS NULL OR labels->>'policy' = ?) ORDER BY window_start, id LIMIT 10000",
        row -> {
          try {
            return new SignalPoint(Sql.instant(row, "window_start"), row.getString("rule_name"),
                row.getString("subject"), json.readValue(row.getString("labels"), LABELS), row.getDouble("value"),
                row.getDouble("threshold"), row.getBoolean("breached"));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("a signal's labels cannot be read", e);
          }
        }, from, to, rule, rule, policy, policy));
  }

  /**
   * Applies one window's signals: counts each subject's breaches in a row, fires the alerts that reached their
   * rule's window count and resolves those whose subject no longer breaches. An anomaly alert whose subject
   * sent nothing in the window resolves too (no traffic is no burst); drift and OOD alerts wait for data.
   *
   * @param rules the rules evaluated on this window
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Changes apply(Instant windowStart, List<AlertRule> rules, List<Signal> signals) {
    Instant now = clock.instant();
    List<Alert> fired = new ArrayList<>();
    List<Alert> resolved = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Object[]> signalRows = new ArrayList<>();
    for (Signal signal : signals) {
      AlertRule rule = signal.rule();
      seen.add(rule.name + "\n" + signal.subject());
      signalRows.add(new Object[] {windowStart, rule.name, signal.subject(), toJson(signal.labels()), signal.value(),
          rule.threshold, signal.breached()});
      int breaches = signal.breached() ? sql.one("INSERT INTO guardrail_alert_streak (rule_id, subject, breaches)"
          + " VALUES (?, ?, 1) ON CONFLICT (rule_id, subject) DO UPDATE SET breaches = guardrail_alert_streak.breaches"
          + " + 1 RETURNING breaches", row -> row.getInt(1), rule.id, signal.subject()).orElseThrow() : 0;
      if (!signal.breached()) {
        sql.update("DELETE FROM guardrail_alert_streak WHERE rule_id = ? AND subject = ?", rule.id, signal.subject());
        resolve(rule.name, signal.subject(), now, signal.summary()).ifPresent(resolved::add);
      } else if (breaches >= rule.windowCount) {
        sql.one("INSERT INTO guardrail_alert (rule_id, rule_name, kind, severity, subject, labels, value, threshold,"
                + " window_start, fired_at, summary) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)"
                + " ON CONFLICT (rule_name, subject) WHERE resolved_at IS NULL DO NOTHING RETURNING " + COLUMNS,
            this::alert, rule.id, rule.name, rule.kind, rule.severity, signal.subject(), toJson(signal.labels()),
            signal.value(), rule.threshold, windowStart, now, signal.summary()).ifPresent(fired::add);
      }
    }
    for (AlertRule rule : rules) {
      if (!AlertRule.ANOMALY.equals(rule.kind)) {
        continue;
      }
      for (String subject : sql.list("SELECT subject FROM guardrail_alert WHERE rule_name = ? AND resolved_at IS NULL",
          row -> row.getString(1), rule.name)) {
        if (!seen.contains(rule.name + "\n" + subject)) {
          sql.update("DELETE FROM guardrail_alert_streak WHERE rule_id = ? AND subject = ?", rule.id, subject);
          resolve(rule.name, subject, now, "no traffic from the subject in the window").ifPresent(resolved::add);
        }
      }
    }
    sql.batch("INSERT INTO guardrail_monitoring_signal (window_start, rule_name, subject, labels, value, threshold,"
        + " breached) VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?)", signalRows, 500);
    fired.forEach(alert -> outbox.record(FIRED, alert));
    resolved.forEach(alert -> outbox.record(RESOLVED, alert));
    return new Changes(fired, resolved);
  }

  /** Resolves every open alert of a rule (the rule is being removed). */
  @Transactional(Transactional.TxType.MANDATORY)
  List<Alert> resolveAll(String rule, String why) {
    Instant now = clock.instant();
    List<Alert> resolved = new ArrayList<>();
    for (String subject : sql.list("SELECT subject FROM guardrail_alert WHERE rule_name = ? AND resolved_at IS NULL",
        row -> row.getString(1), rule)) {
      resolve(rule, subject, now, why).ifPresent(resolved::add);
    }
    resolved.forEach(alert -> outbox.record(RESOLVED, alert));
    return resolved;
  }

  /** Hands committed changes to their observers (incidents, rollouts); an observer's failure is logged, not thrown. */
  public void announce(Changes changes) {
    for (Alert alert : changes.fired()) {
      try {
        firedEvents.fire(new AlertFired(alert));
      } catch (RuntimeException e) {
        LOG.errorf(e, "Alert %d (%s) could not be handed to its observers", alert.id(), alert.rule());
      }
    }
    for (Alert alert : changes.resolved()) {
      try {
        resolvedEvents.fire(new AlertResolved(alert));
      } catch (RuntimeException e) {
        LOG.errorf(e, "Resolution of alert %d (%s) could not be handed to its observers", alert.id(), alert.rule());
      }
    }
  }

  private java.util.Optional<Alert> resolve(String rule, String subject, Instant now, String why) {
    return sql.one("UPDATE guardrail_alert SET resolved_at = ?, summary = summary || ' Resolved: ' || ? WHERE"
        + " rule_name = ? AND subject = ? AND resolved_at IS NULL RETURNING " + COLUMNS, this::alert, now, why, rule,
        subject);
  }

  private Alert alert(ResultSet row) throws SQLException {
    try {
      return new Alert(row.getLong("id"), row.getString("rule_name"), row.getString("kind"), row.getString("severity"),
          json.readValue(row.getString("labels"), LABELS), row.getDouble("value"), row.getDouble("threshold"),
          Sql.instant(row, "fired_at"), Sql.instant(row, "resolved_at"), row.getString("summary"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert's labels cannot be read", e);
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
