package dev.assay.ui.views.safety;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.overview.Overview;
import dev.assay.guardrail.monitoring.overview.Overview.CohortRate;
import dev.assay.guardrail.monitoring.overview.Overview.NoisyCaller;
import dev.assay.guardrail.monitoring.overview.Overview.OodShare;
import dev.assay.guardrail.monitoring.overview.Overview.ScoreDrift;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.rollout.Rollout;
import dev.assay.platform.identity.Roles;
import dev.assay.ui.components.StatTile;
import dev.assay.ui.components.SvgChart;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.incidents.IncidentView;
import dev.assay.ui.views.safety.SafetyBoard.RolloutStatus;
import dev.assay.ui.views.safety.SafetyBoard.Snapshot;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The safety engineer's first screen of the day: what the guardrail decided and how that moved, the checks and
 * callers behind it, score drift and out-of-distribution inputs, firing alerts, open incidents and staged
 * rollouts. It redraws itself by server push every few seconds while it is open.
 */
@Route(value = "safety", layout = MainLayout.class)
@PageTitle("Safety · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class SafetyView extends Div {
  static final Duration REFRESH = Duration.ofSeconds(5);
  private static final Map<String, Duration> RANGES = new LinkedHashMap<>();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(ZoneId.systemDefault());

  static {
    RANGES.put("Last hour", Duration.ofHours(1));
    RANGES.put("Last 6 hours", Duration.ofHours(6));
    RANGES.put("Last 24 hours", Duration.ofDays(1));
    RANGES.put("Last 7 days", Duration.ofDays(7));
  }

  private final SafetyBoard board;
  private final Select<String> range = new Select<>();
  private final ComboBox<String> policy = new ComboBox<>();
  private final Span updated = new Span();
  private final Div numbers = new Div();
  private final SvgChart decisions = new SvgChart("Decisions per bucket by action");
  private final SvgChart held = new SvgChart("Share of decisions held per policy");
  private final SvgChart checks = new SvgChart("Top triggered checks");
  private final Div gauges = new Div();
  private final Select<ScoreDrift> score = new Select<>();
  private final SvgChart histogram = new SvgChart("Score distribution against the range before");
  private final Span driftNote = new Span();
  private final Grid<NoisyCaller> callers = new Grid<>();
  private final Div alerts = new Div();
  private final Div incidents = new Div();
  private final Grid<RolloutStatus> rollouts = new Grid<>();
  private final boolean mayOpenIncidents = CurrentUser.hasRole(Roles.ADMIN);
  private Snapshot shown;
  private Registration follow;
  // read by the refresh timer's thread, which may not touch the components
  private volatile Duration chosenRange = Duration.ofDays(1);
  private volatile String chosenPolicy;

  public SafetyView(SafetyBoard board, PolicyService policies) {
    this.board = board;
    addClassNames("page", "safety");
    setId("safety");

    range.setItems(RANGES.keySet());
    range.setValue("Last 24 hours");
    range.setAriaLabel("Time range");
    range.setId("safety-range");
    policy.setItems(policies.list().stream().map(p -> p.name).distinct().toList());
    policy.setPlaceholder("All policies");
    policy.setClearButtonVisible(true);
    policy.setAriaLabel("Policy");
    policy.setId("safety-policy");
    range.addValueChangeListener(e -> {
      chosenRange = RANGES.get(e.getValue());
      refreshNow();
    });
    policy.addValueChangeListener(e -> {
      chosenPolicy = e.getValue();
      refreshNow();
    });
    updated.addClassName("muted");
    updated.setId("safety-updated");
    HorizontalLayout heading = new HorizontalLayout(new H2("Safety"), range, policy, updated);
    heading.setAlignItems(FlexComponent.Alignment.BASELINE);
    heading.addClassName("task-bar");
    heading.setWidthFull();
    heading.expand(updated);
    numbers.addClassName("stat-row");
    numbers.setId("safety-numbers");

    alerts.setId("safety-alerts");
    alerts.addClassName("safety-list");
    incidents.setId("safety-incidents");
    incidents.addClassName("safety-list");
    Div attention = new Div(card("Firing alerts", alerts), card("Open incidents", incidents));
    attention.addClassName("two-columns");

    decisions.setId("safety-decisions");
    held.setId("safety-held");
    Div rates = new Div(card("Decisions by action", decisions), card("Held (% not allowed) per policy", held));
    rates.addClassName("two-columns");

    gauges.addClassName("safety-gauges");
    gauges.setId("safety-gauges");
    score.setItemLabelGenerator(s -> s.policy() + " · " + s.score());
    score.setAriaLabel("Score");
    score.setId("safety-score");
    score.addValueChangeListener(e -> showHistogram(e.getValue()));
    histogram.setId("safety-histogram");
    driftNote.addClassName("muted");
    Div drift = new Div(card("Drift and OOD", gauges), card("Scores against the range before", score, histogram,
        driftNote));
    drift.addClassName("two-columns");

    checks.setId("safety-checks");
    configureCallers();
    Div who = new Div(card("Top triggered checks", checks), card("Noisy clients", callers));
    who.addClassName("two-columns");

    configureRollouts();
    add(heading, numbers, attention, rates, drift, who, card("Shadow and canary rollouts", rollouts));
  }

  private void configureCallers() {
    callers.addColumn(NoisyCaller::caller).setHeader("Client").setFlexGrow(2);
    callers.addColumn(NoisyCaller::block).setHeader("Block").setAutoWidth(true);
    callers.addColumn(NoisyCaller::flag).setHeader("Flag").setAutoWidth(true);
    callers.addColumn(NoisyCaller::escalate).setHeader("Escalate").setAutoWidth(true);
    callers.addColumn(c -> percent(c.decisions() == 0 ? 0 : (double) c.held() / c.decisions())).setHeader("Of all")
        .setAutoWidth(true);
    callers.setAllRowsVisible(true);
    callers.addThemeVariants(GridVariant.LUMO_COMPACT);
    callers.setId("safety-callers");
  }

  private void configureRollouts() {
    rollouts.addColumn(RolloutStatus::policy).setHeader("Policy").setFlexGrow(2);
    rollouts.addColumn(r -> r.mode() + (r.canaryPercent() == null ? ""
        : String.format(Locale.ROOT, " (%.0f%%)", r.canaryPercent()))).setHeader("Mode").setAutoWidth(true);
    rollouts.addColumn(RolloutStatus::candidate).setHeader("Candidate").setFlexGrow(2);
    rollouts.addColumn(RolloutStatus::state).setHeader("State").setAutoWidth(true);
    rollouts.addColumn(this::agreement).setHeader("Against production").setFlexGrow(3);
    rollouts.setAllRowsVisible(true);
    rollouts.addThemeVariants(GridVariant.LUMO_COMPACT);
    rollouts.setId("safety-rollouts");
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    refreshNow();
    follow = board.follow(event.getUI(), REFRESH, this::load, this::show);
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (follow != null) {
      follow.remove();
    }
    super.onDetach(event);
  }

  /** Runs on the refresh timer's thread too: reads only the volatile choices. */
  private Snapshot load() {
    return board.load(chosenRange, chosenPolicy);
  }

  private void refreshNow() {
    show(load());
  }

  private void show(Snapshot snapshot) {
    shown = snapshot;
    Overview overview = snapshot.overview();
    updated.setText("Updated " + CLOCK.format(overview.to()) + " · refreshes every " + REFRESH.toSeconds() + " s");
    long total = overview.rates().stream().mapToLong(Overview.DecisionRate::count).sum();
    long allowed = overview.rates().stream().filter(r -> "allow".equals(r.decision()))
        .mapToLong(Overview.DecisionRate::count).sum();
    numbers.removeAll();
    numbers.add(StatTile.of(String.valueOf(total), "decisions", "decisions"),
        StatTile.of(total == 0 ? "–" : percent((double) (total - allowed) / total), "not allowed", "held"),
        StatTile.of(String.valueOf(snapshot.alerts().size()), "alerts firing", "alerts"),
        StatTile.of(String.valueOf(snapshot.incidents().size()), "incidents open", "incidents"),
        StatTile.of(String.valueOf(overview.noisyCallers().size()), "clients held", "callers"));

    showAlerts(snapshot.alerts());
    showIncidents(snapshot.incidents());

    SafetyFigures.Buckets buckets = SafetyFigures.buckets(overview, ZoneId.systemDefault());
    decisions.showStackedBars(buckets.labels(), SafetyFigures.decisionsByAction(overview, buckets), "%.0f");
    held.showSeries(SafetyFigures.heldPercentByPolicy(overview, buckets), buckets.labels(), "%.0f%%");
    checks.showBars(SafetyFigures.topChecks(overview), 0, "%.0f");
    callers.setItems(overview.noisyCallers());

    showGauges(overview, snapshot.rules());
    ScoreDrift chosen = score.getValue();
    List<ScoreDrift> scores = overview.scores().stream()
        .sorted(Comparator.comparing((ScoreDrift s) -> s.psi() == null ? -1 : s.psi()).reversed()).toList();
    score.setItems(scores);
    score.setVisible(!scores.isEmpty());
    Optional<ScoreDrift> again = scores.stream().filter(s -> chosen != null && s.policy().equals(chosen.policy())
        && s.score().equals(chosen.score())).findFirst();
    score.setValue(again.orElse(scores.isEmpty() ? null : scores.getFirst()));
    showHistogram(score.getValue());

    rollouts.setItems(snapshot.rollouts());
  }

  private void showAlerts(List<Alert> firing) {
    alerts.removeAll();
    if (firing.isEmpty()) {
      alerts.add(muted("No alert is firing."));
    }
    for (Alert alert : firing) {
      Span severity = badge(alert.severity());
      Span what = new Span(alert.rule() + " — " + alert.summary());
      Span when = muted("since " + WHEN.format(alert.firedAt()));
      Div row = new Div(severity, what, when);
      row.addClassName("safety-row");
      row.getElement().setAttribute("data-alert", String.valueOf(alert.id()));
      alerts.add(row);
    }
  }

  private void showIncidents(List<Incident> open) {
    incidents.removeAll();
    if (open.isEmpty()) {
      incidents.add(muted("No incident is open."));
    }
    for (Incident incident : open) {
      String name = "#" + incident.id() + " " + incident.title();
      // the incident's page is for admins, who handle incidents; researchers read the title here
      Component title = mayOpenIncidents
          ? new RouterLink(name, IncidentView.class, incident.id()) : new Span(name);
      Span status = badge(incident.status());
      Span owner = muted((incident.owner() == null ? "no owner" : incident.owner()) + " · opened "
          + WHEN.format(incident.openedAt()));
      Div row = new Div(badge(incident.severity()), title, status, owner);
      row.addClassName("safety-row");
      row.getElement().setAttribute("data-incident", String.valueOf(incident.id()));
      incidents.add(row);
    }
  }

  /** Per policy: PSI and KS of its most drifted score, and its OOD share. */
  private void showGauges(Overview overview, List<AlertRule> rules) {
    gauges.removeAll();
    Map<String, ScoreDrift> worst = new LinkedHashMap<>();
    overview.scores().stream().filter(s -> s.psi() != null)
        .forEach(s -> worst.merge(s.policy(), s, (a, b) -> a.psi() >= b.psi() ? a : b));
    for (ScoreDrift s : worst.values()) {
      double psiAlarm = SafetyFigures.alarm(rules, AlertRule.PSI, s.policy(), SafetyFigures.PSI_ALARM);
      double ksAlarm = SafetyFigures.alarm(rules, AlertRule.KS, s.policy(), SafetyFigures.KS_ALARM);
      gauges.add(gauge("PSI · " + s.policy(), s.score(), s.psi(), SafetyFigures.warn(psiAlarm, SafetyFigures.PSI_WARN),
          psiAlarm, Math.max(0.5, psiAlarm * 2)));
      gauges.add(gauge("KS · " + s.policy(), s.score(), s.ks(), SafetyFigures.warn(ksAlarm, SafetyFigures.KS_WARN),
          ksAlarm, 1));
    }
    for (OodShare ood : overview.ood()) {
      double alarm = SafetyFigures.alarm(rules, AlertRule.OOD_SHARE, ood.policy(), SafetyFigures.OOD_ALARM);
      gauges.add(gauge("OOD · " + ood.policy(), ood.above() + " of " + ood.scored() + " requests", ood.share(),
          SafetyFigures.warn(alarm, SafetyFigures.OOD_WARN), alarm, Math.max(0.25, alarm * 2)));
    }
    if (gauges.getComponentCount() == 0) {
      gauges.add(muted("Drift and OOD appear once the monitoring has closed windows of scored decisions in this"
          + " range and the one before it."));
    }
  }

  private void showHistogram(ScoreDrift drift) {
    if (drift == null) {
      histogram.showHistogram(List.of(), List.of(), 0, 1, "%.2f");
      driftNote.setText("No scored decisions in this range.");
      return;
    }
    histogram.showHistogram(drift.current(), drift.reference(), drift.low(), drift.high(), "%.2f");
    driftNote.setText(drift.psi() == null ? "No reference: nothing was scored in the range before."
        : String.format(Locale.ROOT, "PSI %.3f, KS %.3f against the range before (dashed).", drift.psi(), drift.ks()));
  }

  private String agreement(RolloutStatus rollout) {
    if (rollout.shadow() != null) {
      return rollout.shadow().agreementRate() == null ? "nothing compared yet"
          : String.format(Locale.ROOT, "agrees on %s of %d requests", percent(rollout.shadow().agreementRate()),
              rollout.shadow().compared());
    }
    if (Rollout.CANARY.equals(rollout.mode()) && shown != null) {
      Optional<CohortRate> canary = cohort(rollout.policy(), "canary");
      Optional<CohortRate> production = cohort(rollout.policy(), "production");
      if (canary.isPresent() && production.isPresent()) {
        return "held " + percent(canary.get().heldShare()) + " of " + canary.get().decisions() + " vs production "
            + percent(production.get().heldShare()) + " of " + production.get().decisions();
      }
      return "no closed window with both cohorts yet";
    }
    return "";
  }

  private Optional<CohortRate> cohort(String policyName, String cohort) {
    return shown.overview().cohorts().stream()
        .filter(c -> c.policy().equals(policyName) && c.cohort().equals(cohort)).findFirst();
  }

  private static Div gauge(String title, String caption, Double value, double warn, double alarm, double max) {
    SvgChart chart = new SvgChart(title);
    chart.showGauge(value, warn, alarm, max, "%.2f");
    Span name = new Span(title);
    name.addClassName("gauge-title");
    Div gauge = new Div(name, chart, muted(caption));
    gauge.addClassName("safety-gauge");
    return gauge;
  }

  private static Div card(String title, Component... content) {
    Div card = new Div(new H3(title));
    card.add(content);
    card.addClassName("card");
    return card;
  }

  private static Span badge(String text) {
    Span badge = new Span(text);
    badge.addClassNames("state-badge", "safety-" + text);
    return badge;
  }

  private static Span muted(String text) {
    Span span = new Span(text);
    span.addClassName("muted");
    return span;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
