package dev.assay.ui.views.home;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.platform.identity.Roles;
import dev.assay.ui.components.StatTile;
import dev.assay.ui.data.RaterActivity;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.campaigns.CampaignsView;
import dev.assay.ui.views.labeling.LabelingView;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The landing page. Raters see the campaigns open to them with their progress and their own numbers;
 * the first campaign's button has the focus, so Enter starts labeling.
 */
@Route(value = "", layout = MainLayout.class)
@PageTitle("My work · Assay")
@PermitAll
public class HomeView extends Div {
  private final CampaignService campaigns;
  private final RaterActivity activity;
  private final Div stats = new Div();
  private final Div cards = new Div();

  public HomeView(CampaignService campaigns, RaterActivity activity) {
    this.campaigns = campaigns;
    this.activity = activity;
    addClassName("page");
    var user = CurrentUser.require();
    H2 title = new H2("Hello, " + user.name());
    stats.addClassName("stat-row");
    cards.addClassName("cards");
    add(title);
    if (CurrentUser.hasRole(Roles.RATER)) {
      H3 heading = new H3("Your campaigns");
      add(stats, heading, cards);
    } else if (CurrentUser.hasRole(Roles.ADMIN)) {
      Paragraph hint = new Paragraph("Run campaigns, watch their progress and settle disputes.");
      Button open = new Button("Open campaigns", e -> e.getSource().getUI()
          .ifPresent(ui -> ui.navigate(CampaignsView.class)));
      open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      add(hint, open);
    } else {
      add(new Paragraph("Your roles: " + String.join(", ", user.roles())));
    }
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    if (CurrentUser.hasRole(Roles.RATER)) {
      event.getUI().getPage().retrieveExtendedClientDetails(details -> {
        ZoneId zone;
        try {
          zone = ZoneId.of(details.getTimeZoneId());
        } catch (RuntimeException e) {
          zone = ZoneId.systemDefault();
        }
        showStats(zone);
      });
      showCampaigns();
    }
  }

  private void showStats(ZoneId zone) {
    RaterActivity.Summary summary = activity.summary(CurrentUser.require().name(), zone);
    stats.removeAll();
    stats.add(StatTile.of(String.valueOf(summary.today()), "judged today"),
        StatTile.of(summary.streakDays() + (summary.streakDays() == 1 ? " day" : " days"), "streak"),
        StatTile.of(String.valueOf(summary.total()), "judgements in all"));
  }

  private void showCampaigns() {
    cards.removeAll();
    List<Campaign> open = campaigns.availableTo(CurrentUser.require().name());
    if (open.isEmpty()) {
      Paragraph none = new Paragraph("No campaign is open to you right now. An admin assigns campaigns; "
          + "they appear here when they start.");
      none.addClassName("muted");
      cards.add(none);
      return;
    }
    boolean first = true;
    for (Campaign campaign : open) {
      Div card = new Div();
      card.addClassName("card");
      H3 name = new H3(campaign.name);
      name.getStyle().set("margin", "0 0 var(--lumo-space-xs)");
      double share = campaign.itemsTotal == 0 ? 0 : campaign.itemsDone / (double) campaign.itemsTotal;
      ProgressBar bar = new ProgressBar(0, 1, share);
      bar.getElement().setAttribute("aria-label", campaign.name + " progress");
      Div label = new Div(new Span(campaign.itemsDone + " of " + campaign.itemsTotal + " comparisons done"),
          new Span(String.format(Locale.ROOT, "%.0f%%", share * 100)));
      label.addClassName("progress-label");
      Paragraph meta = new Paragraph(describe(campaign));
      meta.addClassName("muted");
      Button start = new Button("Start labeling", e -> e.getSource().getUI().ifPresent(ui ->
          ui.navigate(LabelingView.class, new RouteParameters("campaignId", String.valueOf(campaign.id)))));
      start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      start.setAriaLabel("Start labeling " + campaign.name);
      start.addClassName("start-labeling");
      card.add(name, label, bar, meta, start);
      cards.add(card);
      if (first) {
        start.focus();
        first = false;
      }
    }
  }

  private static String describe(Campaign campaign) {
    String scale = switch (campaign.scale) {
      case SEVEN_POINT -> "7-point scale";
      case BINARY -> "left or right";
    };
    String deadline = campaign.deadline == null ? ""
        : " · due " + DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)
            .format(campaign.deadline.atZone(ZoneId.systemDefault()));
    return scale + " · criteria: " + String.join(", ", campaign.criteria) + deadline;
  }
}
