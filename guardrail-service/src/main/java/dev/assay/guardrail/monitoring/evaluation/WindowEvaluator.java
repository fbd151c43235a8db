package dev.assay.guardrail.monitoring.evaluation;

import dev.assay.guardrail.monitoring.MonitoringSettings;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.AlertRules;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.alert.Signal;
import dev.assay.guardrail.monitoring.window.MonitoringWindows;
import dev.assay.guardrail.monitoring.window.WindowSettings;
import dev.assay.guardrail.monitoring.window.WindowStore;
import dev.assay.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes the closed windows of this replica and evaluates every window that closed at least
 * {@code evaluation-delay} ago (and within the anomaly history) and no replica has evaluated: the alert rules'
 * signals ({@link DriftSignals}, {@link AnomalySignals}) go to {@link AlertService}, in the transaction that
 * claims the window, so each window is evaluated once however many replicas run.
 */
@ApplicationScoped
public class WindowEvaluator {
  private static final Logger LOG = Logger.getLogger(WindowEvaluator.class);

  private final MonitoringSettings monitoring;
  private final WindowSettings settings;
  private final MonitoringWindows windows;
  private final WindowStore store;
  private final AlertRules rules;
  private final AlertService alerts;
  private final DriftSignals drift;
  private final AnomalySignals anomalies;
  private final Sql sql;
  private final Clock clock;
  private final String replica = UUID.randomUUID().toString();

  public WindowEvaluator(MonitoringSettings monitoring, WindowSettings settings, MonitoringWindows windows,
      WindowStore store, AlertRules rules, AlertService alerts, DriftSignals drift, AnomalySignals anomalies, Sql sql,
      Clock clock) {
    this.monitoring = monitoring;
    this.settings = settings;
    this.windows = windows;
    this.store = store;
    this.rules = rules;
    this.alerts = alerts;
    this.drift = drift;
    this.anomalies = anomalies;
    this.sql = sql;
    this.clock = clock;
  }

  @Scheduled(every = "${assay.monitoring.windows.flush-interval:10s}", delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!monitoring.enabled()) {
      return;
    }
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("Monitoring windows could not be written or evaluated; retrying at the next tick", e);
    }
  }

  /** Writes this replica's closed windows, then evaluates the windows due; returns how many it evaluated. */
  public synchronized int tick() {
    windows.flush();
    int evaluated = 0;
    Instant due = clock.instant().minus(settings.evaluationDelay());
    // Windows older than the anomaly history are no longer worth an alert (e.g. after every replica was down).
    Instant oldest = due.minus(settings.length().multipliedBy(settings.history()));
    for (Instant start : store.awaitingEvaluation(oldest, due)) {
      if (evaluate(start)) {
        evaluated++;
      }
    }
    return evaluated;
  }

  private boolean evaluate(Instant start) {
    List<AlertRule> enabled = rules.enabled();
    AlertService.Changes changes = QuarkusTransaction.requiringNew().call(() -> {
      int claimed = sql.update("INSERT INTO guardrail_monitoring_evaluation (window_start, evaluated_at, evaluated_by)"
          + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING", start, clock.instant(), replica);
      if (claimed == 0) {
        return null;
      }
      List<Signal> signals = new ArrayList<>(drift.signals(start, enabled));
      signals.addAll(anomalies.signals(start, enabled));
      return alerts.apply(start, enabled, signals);
    });
    if (changes == null) {
      return false;
    }
    alerts.announce(changes);
    return true;
  }
}
