package dev.assay.ui.views.safety;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.shared.Registration;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.AlertRules;
import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.overview.Overview;
import dev.assay.guardrail.monitoring.overview.SafetyOverview;
import dev.assay.guardrail.rollout.Rollout;
import dev.assay.guardrail.rollout.RolloutService;
import dev.assay.guardrail.rollout.ShadowReports;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Gathers what the safety dashboard shows from the monitoring, incident and rollout services, and pushes a fresh
 * snapshot to each open dashboard on a timer of its own (queries run off the UI lock; only drawing takes it).
 */
@ApplicationScoped
public class SafetyBoard {
  private static final Logger LOG = Logger.getLogger(SafetyBoard.class);

  /**
   * What the dashboard draws.
   *
   * @param rollouts running rollouts and those that ended in the range
   * @param rules the enabled alert rules, for the gauges' thresholds
   */
  public record Snapshot(Overview overview, List<Alert> alerts, List<Incident> incidents, List<RolloutStatus> rollouts,
      List<AlertRule> rules) {}

  /** A rollout and, for a shadow, its agreement with production so far (null for a canary). */
  public record RolloutStatus(long id, String policy, String mode, String candidate, String state, Double canaryPercent,
      ShadowReports.Agreement shadow) {}

  private final SafetyOverview overview;
  private final AlertService alerts;
  private final AlertRules rules;
  private final IncidentService incidents;
  private final RolloutService rollouts;
  private final ShadowReports shadows;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("assay-safety-dashboard").daemon().factory());

  public SafetyBoard(SafetyOverview overview, AlertService alerts, AlertRules rules, IncidentService incidents,
      RolloutService rollouts, ShadowReports shadows, Clock clock) {
    this.overview = overview;
    this.alerts = alerts;
    this.rules = rules;
    this.incidents = incidents;
    this.rollouts = rollouts;
    this.shadows = shadows;
    this.clock = clock;
  }

  /** The last {@code range} up to now; {@code policy} null for every policy. */
  @ActivateRequestContext
  public Snapshot load(Duration range, String policy) {
    Instant now = clock.instant();
    Overview figures = overview.overview(now.minus(range), now, null, policy);
    List<Alert> firing = alerts.open().stream()
        .filter(a -> policy == null || policy.equals(a.labels().get("policy")) || a.labels().containsKey("caller"))
        .toList();
    List<Incident> unresolved = incidents.list("unresolved").stream()
        .filter(i -> policy == null || i.links().get("policy") == null || policy.equals(i.links().get("policy")))
        .toList();
    return new Snapshot(figures, firing, unresolved, rollouts(figures.from(), policy), rules.enabled());
  }

  private List<RolloutStatus> rollouts(Instant since, String policy) {
    List<RolloutStatus> statuses = new ArrayList<>();
    for (Rollout r : rollouts.list()) {
      boolean recent = r.running() || (r.endedAt != null && r.endedAt.isAfter(since));
      if (recent && (policy == null || policy.equals(r.policy))) {
        statuses.add(new RolloutStatus(r.id, r.policy, r.mode, r.candidate, r.state,
            Rollout.CANARY.equals(r.mode) ? r.canaryPercent : null,
            Rollout.SHADOW.equals(r.mode) ? shadows.agreement(r.id) : null));
      }
    }
    return statuses;
  }

  /**
   * Loads a snapshot every {@code period} and shows it in the UI by server push, until the returned registration
   * is removed or the UI is gone.
   */
  Registration follow(UI ui, Duration period, Supplier<Snapshot> load, Consumer<Snapshot> show) {
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] = timer.scheduleWithFixedDelay(() -> {
      try {
        Snapshot snapshot = load.get();
        ui.access(() -> show.accept(snapshot));
      } catch (UIDetachedException e) {
        task[0].cancel(false);
      } catch (RuntimeException e) {
        LOG.warnf(e, "The safety dashboard could not be refreshed");
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> task[0].cancel(false);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
