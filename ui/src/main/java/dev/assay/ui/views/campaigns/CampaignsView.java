package dev.assay.ui.views.campaigns;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.ItemSource;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.ImportService;
import dev.assay.platform.identity.IdentityService;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.dashboard.DashboardView;
import dev.assay.ui.security.UiRoles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Admins create, edit, start, pause and complete campaigns, and fill them from datasets. */
@Route(value = "admin/campaigns", layout = MainLayout.class)
@PageTitle("Campaigns · Assay")
@UiRoles(Roles.ADMIN)
public class CampaignsView extends Div {
  private final CampaignService campaigns;
  private final ImportService imports;
  private final Grid<Campaign> grid = new Grid<>(Campaign.class, false);
  private final CampaignForm form;
  private final Button start = new Button("Start");
  private final Button pause = new Button("Pause");
  private final Button complete = new Button("Complete");
  private final Button dashboard = new Button("Dashboard");
  private final ZoneId zone = ZoneId.systemDefault();

  public CampaignsView(CampaignService campaigns, ImportService imports, IdentityService identities) {
    this.campaigns = campaigns;
    this.imports = imports;
    addClassName("page");
    form = new CampaignForm(ratersOf(identities), datasetNames());
    form.setVisible(false);
    form.addSaveListener(e -> save(e.draft(), e.dataset()));
    form.addCloseListener(e -> closeForm());

    Button create = new Button("New campaign", e -> edit(new CampaignDraft()));
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    create.setId("new-campaign");
    start.addClickListener(e -> transition(CampaignState.ACTIVE));
    pause.addClickListener(e -> transition(CampaignState.PAUSED));
    complete.addClickListener(e -> transition(CampaignState.COMPLETED));
    complete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
    dashboard.addClickListener(e -> grid.asSingleSelect().getOptionalValue().ifPresent(c ->
        getUI().ifPresent(ui -> ui.navigate(DashboardView.class,
            new RouteParameters("campaignId", String.valueOf(c.id))))));
    HorizontalLayout toolbar = new HorizontalLayout(create, start, pause, complete, dashboard);
    toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
    toolbar.getStyle().set("flex-wrap", "wrap");

    configureGrid();
    Div content = new Div(grid, form);
    content.addClassName("master-detail");
    add(new H2("Campaigns"), toolbar, content);
    refresh();
    updateActions(null);
  }

  private void configureGrid() {
    grid.addColumn(c -> c.name).setHeader("Name").setFlexGrow(2).setSortable(true);
    grid.addComponentColumn(c -> {
      Span badge = new Span(c.state.name().toLowerCase(Locale.ROOT));
      badge.addClassNames("state-badge", "state-" + c.state.name());
      return badge;
    }).setHeader("State").setAutoWidth(true);
    grid.addComponentColumn(c -> {
      ProgressBar bar = new ProgressBar(0, Math.max(1, c.itemsTotal), c.itemsDone);
      Span text = new Span(c.itemsDone + " / " + c.itemsTotal);
      text.addClassName("muted");
      Div cell = new Div(text, bar);
      cell.setWidthFull();
      return cell;
    }).setHeader("Progress").setFlexGrow(2);
    grid.addColumn(c -> c.scale == null ? "" : c.scale.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .setHeader("Scale").setAutoWidth(true);
    grid.addColumn(c -> c.ratingsRequired).setHeader("N").setAutoWidth(true);
    grid.addColumn(c -> String.format(Locale.ROOT, "%.0f%%", c.goldRate * 100)).setHeader("Gold").setAutoWidth(true);
    grid.addColumn(c -> c.priority).setHeader("Priority").setAutoWidth(true);
    grid.addColumn(c -> c.deadline == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .format(c.deadline.atZone(zone))).setHeader("Deadline").setAutoWidth(true);
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
    grid.setAllRowsVisible(true);
    grid.asSingleSelect().addValueChangeListener(e -> {
      updateActions(e.getValue());
      if (e.getValue() != null) {
        edit(CampaignDraft.of(e.getValue(), campaigns.pool(e.getValue().id), zone));
      } else {
        closeForm();
      }
    });
    grid.setId("campaign-grid");
  }

  private void edit(CampaignDraft draft) {
    boolean locked = false;
    if (draft.getId() != null) {
      locked = campaigns.get(draft.getId()).state != CampaignState.DRAFT;
    } else {
      grid.asSingleSelect().clear();
    }
    form.setDatasets(datasetNames());
    form.edit(draft, locked);
    form.setVisible(true);
  }

  private void closeForm() {
    form.setVisible(false);
  }

  private void save(CampaignDraft draft, String dataset) {
    try {
      CampaignSettings settings = draft.toSettings(zone);
      Campaign saved = draft.getId() == null
          ? campaigns.create(settings, CurrentUser.require().name())
          : campaigns.update(draft.getId(), settings);
      String message = "Saved " + saved.name;
      if (dataset != null) {
        CampaignService.ItemsAdded added = campaigns.addItems(saved.id, new ItemSource(null, dataset, null, null, null));
        message += "; added " + added.added() + " comparisons from " + dataset
            + (added.alreadyInCampaign() > 0 ? " (" + added.alreadyInCampaign() + " were already in it)" : "");
      }
      toast(message, false);
      refreshAndSelect(saved.id);
    } catch (ProblemException e) {
      toast(e.getMessage(), true);
    }
  }

  private void transition(CampaignState to) {
    grid.asSingleSelect().getOptionalValue().ifPresent(c -> {
      try {
        Campaign moved = campaigns.transition(c.id, to);
        toast(moved.name + " is now " + moved.state.name().toLowerCase(Locale.ROOT), false);
        refreshAndSelect(c.id);
      } catch (ProblemException e) {
        toast(e.getMessage(), true);
      }
    });
  }

  private void refresh() {
    grid.setItems(campaigns.list());
  }

  private void refreshAndSelect(long id) {
    java.util.List<Campaign> all = campaigns.list();
    grid.setItems(all);
    all.stream().filter(c -> c.id == id).findFirst().ifPresent(grid::select);
  }

  private void updateActions(Campaign selected) {
    CampaignState state = selected == null ? null : selected.state;
    start.setText(state == CampaignState.PAUSED ? "Resume" : "Start");
    start.setEnabled(state != null && state.canMoveTo(CampaignState.ACTIVE));
    pause.setEnabled(state != null && state.canMoveTo(CampaignState.PAUSED));
    complete.setEnabled(state != null && state.canMoveTo(CampaignState.COMPLETED));
    dashboard.setEnabled(selected != null);
  }

  private java.util.List<String> datasetNames() {
    return imports.datasets().stream().map(d -> d.name()).sorted().toList();
  }

  private static void toast(String text, boolean error) {
    Notification notification = Notification.show(text, error ? 8000 : 4000, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
  }

  private static java.util.List<String> ratersOf(IdentityService identities) {
    return identities.users().stream()
        .filter(user -> user.active() && user.roles().contains(Roles.RATER))
        .map(dev.assay.platform.identity.UserSummary::username)
        .toList();
  }
}
