package dev.assay.ui.views.builds;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetSummary;
import dev.assay.store.dataset.ImportService;
import dev.assay.trainer.builder.DatasetBuild;
import dev.assay.trainer.builder.DatasetBuilder;
import dev.assay.trainer.leaderboard.LeaderboardService;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.List;

/**
 * Builds and leaderboard: best-of-n SFT and DPO dataset builds (start one, watch the selected one's progress),
 * and the generator leaderboard with its intervals, next to the production reward model's own ranking.
 */
@Route(value = "builds", layout = MainLayout.class)
@PageTitle("Builds & leaderboard · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class BuildsView extends Div {
  private static final int REFRESH_MS = 1000;

  private final DatasetBuilder builder;
  private final LeaderboardService leaderboards;
  private final Grid<DatasetBuild> buildGrid = new Grid<>();
  private final BuildPanel buildPanel = new BuildPanel();
  private final LeaderboardPanel leaderboardPanel = new LeaderboardPanel();
  private Long watched;
  private Registration polling;

  public BuildsView(DatasetBuilder builder, LeaderboardService leaderboards, ImportService imports,
      PolicyService policies) {
    this.builder = builder;
    this.leaderboards = leaderboards;
    addClassName("page");
    setId("builds");
    List<String> datasets = imports.datasets().stream().map(DatasetSummary::name).toList();

    buildGrid.addColumn(b -> "#" + b.id).setHeader("Build").setAutoWidth(true);
    buildGrid.addColumn(b -> b.sourceDataset).setHeader("Candidates").setFlexGrow(2);
    buildGrid.addColumn(b -> b.state.name()).setHeader("State").setAutoWidth(true);
    buildGrid.addColumn(b -> b.promptsDone + " / " + b.promptsTotal).setHeader("Prompts").setAutoWidth(true);
    buildGrid.addColumn(b -> b.dpoPairs).setHeader("DPO pairs").setAutoWidth(true);
    buildGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    buildGrid.setHeight("280px");
    buildGrid.setId("build-grid");
    buildGrid.asSingleSelect().addValueChangeListener(e -> {
      if (e.getValue() != null) {
        watch(e.getValue().id);
      }
    });
    BuildForm buildForm = new BuildForm(datasets, policies.list().stream().map(p -> p.name).toList());
    buildForm.addBuildListener(e -> start(e.request()));
    Div buildCard = new Div(new H3("Dataset builds"), new Paragraph("Scores every candidate response with the"
        + " production reward model: the best per prompt becomes an SFT record, best against worst a DPO pair."),
        buildForm, buildPanel, buildGrid);
    buildCard.addClassName("card");

    LeaderboardForm leaderboardForm = new LeaderboardForm(datasets);
    leaderboardForm.addShowListener(e -> showLeaderboard(e.query()));
    Div leaderboardCard = new Div(new H3("Leaderboard"), new Paragraph("Bradley-Terry ratings of the generators"
        + " from the preferences between their responses, and the production reward model's verdicts on the same"
        + " comparisons."), leaderboardForm, leaderboardPanel);
    leaderboardCard.addClassName("card");
    add(new H2("Builds & leaderboard"), buildCard, leaderboardCard);
    refreshBuilds();
  }

  private void start(DatasetBuilder.Request request) {
    try {
      DatasetBuild build = builder.submit(request, CurrentUser.require().name());
      Toasts.show("Build #" + build.id + " started", false);
      refreshBuilds();
      watch(build.id);
    } catch (ProblemException e) {
      Toasts.show("The build was not started: " + e.getMessage(), true);
    }
  }

  /** Shows a build and, while it runs, refreshes it every second. */
  private void watch(long buildId) {
    watched = buildId;
    DatasetBuild build = builder.get(buildId);
    buildPanel.show(build);
    getUI().ifPresent(ui -> ui.setPollInterval(build.finished() ? -1 : REFRESH_MS));
  }

  private void refreshWatched(UI ui) {
    if (watched == null) {
      return;
    }
    DatasetBuild build = builder.get(watched);
    buildPanel.show(build);
    if (build.finished()) {
      ui.setPollInterval(-1);
      refreshBuilds();
    }
  }

  private void showLeaderboard(LeaderboardService.Query query) {
    try {
      leaderboardPanel.show(leaderboards.compute(query));
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void refreshBuilds() {
    buildGrid.setItems(builder.list());
  }

  @Override
  protected void onAttach(AttachEvent event) {
    polling = event.getUI().addPollListener(e -> refreshWatched(event.getUI()));
  }

  @Override
  protected void onDetach(DetachEvent event) {
    event.getUI().setPollInterval(-1);
    if (polling != null) {
      polling.remove();
    }
  }
}
