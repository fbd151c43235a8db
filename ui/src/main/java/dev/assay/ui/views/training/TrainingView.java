package dev.assay.ui.views.training;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.run.RunEvent;
import dev.assay.trainer.run.RunEvents;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Training: the runs, newest first; launching one from a snapshot; and at {@code training/{id}} a run as it
 * trains, its curves growing epoch by epoch, pushed by the server from the run's events ({@link RunEvents}, the
 * same ones its REST stream sends), with cancel.
 */
@Route(value = "training", layout = MainLayout.class)
@PageTitle("Training · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class TrainingView extends Div implements HasUrlParameter<Long> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final TrainingRunService runs;
  private final RunEvents events;
  private final Grid<TrainingRun> runGrid = new Grid<>();
  private final LiveRunPanel runPanel = new LiveRunPanel();
  private final Paragraph hint = new Paragraph("Pick a run to follow it, or launch one.");
  private Cancellable following;
  private Long shownRun;

  public TrainingView(TrainingRunService runs, RunEvents events, SnapshotService snapshots) {
    this.runs = runs;
    this.events = events;
    addClassName("page");
    setId("training");
    ZoneId zone = ZoneId.systemDefault();
    runGrid.addColumn(r -> "#" + r.id).setHeader("Run").setAutoWidth(true);
    runGrid.addColumn(r -> "#" + r.snapshotId).setHeader("Snapshot").setAutoWidth(true);
    runGrid.addColumn(r -> String.valueOf(r.config.get("featurizer"))).setHeader("Featurizer").setAutoWidth(true);
    runGrid.addColumn(r -> r.state.name()).setHeader("State").setAutoWidth(true);
    runGrid.addColumn(r -> r.epochsDone + " / " + r.config.get("epochs")).setHeader("Epochs")
        .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    runGrid.addColumn(r -> r.createdBy + ", " + WHEN.format(r.createdAt.atZone(zone))).setHeader("Launched")
        .setFlexGrow(2);
    runGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    runGrid.setHeight("360px");
    runGrid.setId("run-grid");
    runGrid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(TrainingView.class, e.getItem().id)));
    Div listCard = new Div(new H3("Runs"), runGrid);
    listCard.addClassName("card");

    LaunchRunForm launchForm = new LaunchRunForm(snapshots.list(), runs.defaults());
    launchForm.addLaunchListener(e -> launch(e.request()));
    Div launchCard = new Div(new H3("Launch a run"), launchForm);
    launchCard.addClassName("card");

    runPanel.addCancelListener(e -> cancel());
    Div columns = new Div(listCard, launchCard);
    columns.addClassName("two-columns");
    add(new H2("Training"), hint, runPanel, columns);
    addDetachListener(e -> stopFollowing());
    refreshRuns();
  }

  @Override
  public void setParameter(BeforeEvent event, @OptionalParameter Long runId) {
    stopFollowing();
    shownRun = runId;
    if (runId == null) {
      runPanel.setVisible(false);
      hint.setVisible(true);
      return;
    }
    TrainingRun run;
    try {
      run = runs.get(runId);
    } catch (ProblemException e) {
      runPanel.setVisible(false);
      hint.setText(e.getMessage());
      hint.setVisible(true);
      return;
    }
    hint.setVisible(false);
    runPanel.start(run);
    follow(event.getUI(), runId);
  }

  /** The run's events, pushed to this page as they come; stops when the run ends or the page closes. */
  private void follow(UI ui, long runId) {
    following = events.follow(runId).subscribe().with(
        event -> ui.access(() -> {
          runPanel.apply(event);
          if (event instanceof RunEvent.StateChanged) {
            refreshRuns();
          }
        }),
        failure -> ui.access(() -> Toasts.show("Lost the run's progress: " + failure.getMessage(), true)));
  }

  private void stopFollowing() {
    if (following != null) {
      following.cancel();
      following = null;
    }
  }

  private void launch(RunRequest request) {
    try {
      TrainingRun run = runs.create(request, CurrentUser.require().name());
      Toasts.show("Run #" + run.id + " queued", false);
      refreshRuns();
      getUI().ifPresent(ui -> ui.navigate(TrainingView.class, run.id));
    } catch (ProblemException e) {
      Toasts.show("The run was not launched: " + e.getMessage(), true);
    }
  }

  private void cancel() {
    if (shownRun == null) {
      return;
    }
    try {
      TrainingRun run = runs.cancel(shownRun, CurrentUser.require().name(), CurrentUser.hasRole(Roles.ADMIN));
      Toasts.show("Run #" + run.id + " is " + run.state.name().toLowerCase(Locale.ROOT), false);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void refreshRuns() {
    runGrid.setItems(runs.list());
  }
}
