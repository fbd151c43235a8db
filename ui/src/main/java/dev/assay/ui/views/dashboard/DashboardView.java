package dev.assay.ui.views.dashboard;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.Scale;
import dev.assay.labeling.quality.CriterionAgreement;
import dev.assay.labeling.quality.QualityService;
import dev.assay.labeling.quality.RaterStats;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Preferences;
import dev.assay.ui.components.StatTile;
import dev.assay.ui.components.SvgChart.Datum;
import dev.assay.ui.components.SvgChart;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.campaigns.CampaignsView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One campaign at a glance, refreshed every few seconds: progress, judgements per hour, agreement per
 * criterion, and every rater's quality numbers with pause and resume.
 */
@Route(value = "admin/campaigns/:campaignId/dashboard", layout = MainLayout.class)
@PageTitle("Campaign dashboard · Assay")
@UiRoles(Roles.ADMIN)
public class DashboardView extends Div implements BeforeEnterObserver {
  private static final int REFRESH_MS = 3000;
  private final CampaignService campaigns;
  private final QualityService quality;
  private final H2 title = new H2();
  private final Span state = new Span();
  private final Div numbers = new Div();
  private final ProgressBar progress = new ProgressBar();
  private final Span progressText = new Span();
  private final SvgChart throughput = new SvgChart("Judgements per hour");
  private final SvgChart agreement = new SvgChart("Agreement per criterion");
  private final Span agreementNote = new Span();
  private final Grid<RaterStats> raters = new Grid<>();
  private long campaignId;
  private Registration poll;

  public DashboardView(CampaignService campaigns, QualityService quality) {
    this.campaigns = campaigns;
    this.quality = quality;
    addClassName("page");
    setId("dashboard");
    RouterLink back = new RouterLink("← Campaigns", CampaignsView.class);
    back.addClassName("muted");
    state.addClassName("state-badge");
    Div heading = new Div(title, state);
    heading.addClassName("task-bar");
    numbers.addClassName("stat-row");
    numbers.setId("dashboard-numbers");
    progress.setId("dashboard-progress");
    progressText.setId("dashboard-progress-text");
    Div progressLabel = new Div(new Span("Comparisons with all their judgements"), progressText);
    progressLabel.addClassName("progress-label");
    Div progressCard = new Div(progressLabel, progress);
    progressCard.addClassName("card");

    agreementNote.addClassName("muted");
    Div throughputCard = new Div(new H3("Judgements per hour"), throughput);
    throughputCard.addClassName("card");
    Div agreementCard = new Div(new H3("Agreement (Krippendorff's α)"), agreement, agreementNote);
    agreementCard.addClassName("card");
    Div charts = new Div(throughputCard, agreementCard);
    charts.addClassName("two-columns");

    configureRaters();
    Div raterCard = new Div(new H3("Raters"), raters);
    raterCard.addClassName("card");
    add(back, heading, numbers, progressCard, charts, raterCard);
  }

  private void configureRaters() {
    raters.addColumn(RaterStats::rater).setHeader("Rater").setFlexGrow(2).setSortable(true);
    raters.addColumn(RaterStats::judgements).setHeader("Judged").setAutoWidth(true).setSortable(true);
    raters.addColumn(r -> percent(r.goldAccuracy()) + (r.goldJudgements() > 0 ? " (" + r.goldJudgements() + ")" : ""))
        .setHeader("Gold accuracy").setAutoWidth(true);
    raters.addColumn(r -> percent(r.majorityAgreement())).setHeader("Agrees with majority").setAutoWidth(true);
    raters.addColumn(r -> r.medianTimeMs() == null ? "–" : String.format(Locale.ROOT, "%.1f s", r.medianTimeMs() / 1000.0))
        .setHeader("Median time").setAutoWidth(true);
    raters.addColumn(r -> percent(r.tooFastShare())).setHeader("Too fast").setAutoWidth(true);
    raters.addColumn(r -> r.leftShare() == null ? "–" : String.format(Locale.ROOT, "%.0f%% left", r.leftShare() * 100))
        .setHeader("Position bias").setAutoWidth(true);
    raters.addComponentColumn(r -> {
      if (r.paused()) {
        Span badge = new Span("paused");
        badge.addClassNames("state-badge", "state-PAUSED");
        badge.setTitle(r.pauseReason() == null ? "" : r.pauseReason());
        Button resume = new Button("Resume", e -> act(() -> quality.resume(campaignId, r.rater(), admin())));
        resume.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        return new Div(badge, resume);
      }
      Button pause = new Button("Pause", e -> act(() -> quality.pauseByAdmin(campaignId, r.rater(), null, admin())));
      pause.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
      return pause;
    }).setHeader("Status").setAutoWidth(true);
    raters.setAllRowsVisible(true);
    raters.setId("rater-table");
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    campaignId = event.getRouteParameters().getLong("campaignId").orElse(-1L);
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    refresh();
    poll = event.getUI().addPollListener(e -> refresh());
    event.getUI().setPollInterval(REFRESH_MS);
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (poll != null) {
      poll.remove();
    }
    event.getUI().setPollInterval(-1);
    super.onDetach(event);
  }

  private void refresh() {
    Campaign campaign;
    CampaignService.Progress p;
    try {
      campaign = campaigns.get(campaignId);
      p = campaigns.progress(campaignId);
    } catch (ProblemException e) {
      title.setText("No such campaign");
      return;
    }
    title.setText(campaign.name);
    state.setText(campaign.state.name().toLowerCase(Locale.ROOT));
    state.setClassName("state-badge state-" + campaign.state.name());
    double share = p.itemsTotal() == 0 ? 0 : p.itemsDone() / (double) p.itemsTotal();
    progress.setValue(share);
    progressText.setText(p.itemsDone() + " / " + p.itemsTotal() + String.format(Locale.ROOT, " (%.0f%%)", share * 100));
    numbers.removeAll();
    numbers.add(StatTile.of(String.valueOf(p.judgements()), "judgements", "judgements"),
        StatTile.of(String.valueOf(p.items().getOrDefault("inProgress", 0L)), "comparisons in progress", "in-progress"),
        StatTile.of(String.valueOf(p.items().getOrDefault("open", 0L)), "not started", "open"),
        StatTile.of(String.valueOf(p.assignments().getOrDefault("LEASED", 0L)), "tasks out now", "leased"),
        StatTile.of(String.valueOf(p.assignments().getOrDefault("SKIPPED", 0L)), "skipped", "skipped"),
        StatTile.of(String.valueOf(p.goldJudgements()), "gold judgements", "gold"));

    throughput.showLine(lastHours(campaigns.throughput(campaignId), 12), "%.0f");

    List<Datum> alphas = new ArrayList<>();
    List<String> unmeasured = new ArrayList<>();
    int units = 0;
    for (CriterionAgreement a : quality.agreement(campaignId)) {
      Double alpha = campaign.scale == Scale.SEVEN_POINT || !"overall".equals(a.criterion())
          ? (a.alphaOrdinal() != null ? a.alphaOrdinal() : a.alphaNominal())
          : a.alphaNominal();
      if (alpha == null) {
        unmeasured.add(a.criterion());
      } else {
        alphas.add(new Datum(a.criterion(), Math.max(0, alpha)));
      }
      units = Math.max(units, a.units());
    }
    agreement.showBars(alphas, 1.0, "%.2f");
    agreementNote.setText((units == 0
        ? "Agreement appears once comparisons have two or more judgements."
        : "Over " + units + " comparisons with two or more judgements; 1 = perfect, 0 = chance.")
        + (unmeasured.isEmpty() || units == 0 ? "" : " Not enough answers yet for: " + String.join(", ", unmeasured) + "."));
    raters.setItems(quality.raterStats(campaignId));
  }

  /** The last {@code hours} hours up to now, hours without judgements as zero. */
  static List<Datum> lastHours(List<Preferences.HourCount> buckets, int hours) {
    DateTimeFormatter label = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    java.time.Instant end = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    java.util.Map<java.time.Instant, Long> counts = new java.util.HashMap<>();
    buckets.forEach(b -> counts.merge(b.hour().truncatedTo(java.time.temporal.ChronoUnit.HOURS), b.judgements(), Long::sum));
    List<Datum> data = new ArrayList<>();
    for (int i = hours - 1; i >= 0; i--) {
      java.time.Instant hour = end.minus(java.time.Duration.ofHours(i));
      data.add(new Datum(label.format(hour), counts.getOrDefault(hour, 0L)));
    }
    return data;
  }

  private void act(Runnable action) {
    try {
      action.run();
      refresh();
    } catch (ProblemException e) {
      Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_START);
    }
  }

  private static String admin() {
    return CurrentUser.require().name();
  }

  private static String percent(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.0f%%", value * 100);
  }
}
