package dev.assay.ui.views.suites;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.SuiteService;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.guardrail.suite.build.SuiteBuilders;
import dev.assay.guardrail.suite.run.RunComparison;
import dev.assay.guardrail.suite.run.StoredRun;
import dev.assay.guardrail.suite.run.SuiteRunService;
import dev.assay.platform.http.UploadLimits;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Suites: the latest version of each, building one from uploaded source files, running the selected one
 * against a policy and/or a reward model, and reading a run (metrics, charts of grouped rates, failing probes,
 * the comparison with the run before it). A run answers when it is done, as over REST; the service bounds
 * it by probe count ({@code assay.suite.run.max-probes}).
 */
@Route(value = "suites", layout = MainLayout.class)
@PageTitle("Suites · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class SuitesView extends Div {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final SuiteStore suites;
  private final SuiteService builds;
  private final SuiteRunService runs;
  private final Grid<StoredSuite> suiteGrid = new Grid<>();
  private final Grid<StoredRun> runGrid = new Grid<>();
  private final BuildSuiteForm buildForm;
  private final RunSuiteForm runForm;
  private final RunPanel runPanel = new RunPanel();
  private final Paragraph selected = new Paragraph("Select a suite to run it and read its runs.");
  private final ZoneId zone = ZoneId.systemDefault();

  public SuitesView(SuiteStore suites, SuiteService builds, SuiteRunService runs, PolicyService policies,
      ModelRegistry registry, UploadLimits uploadLimits) {
    this.suites = suites;
    this.builds = builds;
    this.runs = runs;
    addClassName("page");
    setId("suites");
    buildForm = new BuildSuiteForm(SuiteBuilders.kinds(), uploadLimits.suite());
    runForm = new RunSuiteForm(policies.list().stream().map(p -> p.name).toList(), rewardModels(registry));

    suiteGrid.addColumn(StoredSuite::name).setHeader("Suite").setAutoWidth(true).setFlexGrow(2);
    suiteGrid.addColumn(s -> s.kind().wireName()).setHeader("Kind").setAutoWidth(true);
    suiteGrid.addColumn(StoredSuite::version).setHeader("Version").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    suiteGrid.addColumn(StoredSuite::probeCount).setHeader("Probes").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    suiteGrid.addColumn(s -> s.createdBy() + ", " + WHEN.format(s.createdAt().atZone(zone))).setHeader("Saved")
        .setAutoWidth(true);
    suiteGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    suiteGrid.setAllRowsVisible(true);
    suiteGrid.setId("suite-grid");
    suiteGrid.asSingleSelect().addValueChangeListener(e -> select(e.getValue()));
    Div listCard = new Div(new H3("Suites"), suiteGrid);
    listCard.addClassName("card");

    buildForm.addBuildListener(e -> build(e.kind(), e.name(), e.data(), e.questions(), e.sample()));
    Div buildCard = new Div(new H3("Build a suite"), new Paragraph("From the public safety files (see the README"
        + " of the data): jailbreak templates with harmful questions, mutations, XSTest, labelled responses,"
        + " CrowS-Pairs, or the built-in counterfactual templates."), buildForm);
    buildCard.addClassName("card");

    runForm.addRunListener(e -> run(e.policy(), e.policyVersion(), e.modelId()));
    runGrid.addColumn(r -> "#" + r.id()).setHeader("Run").setAutoWidth(true);
    runGrid.addColumn(r -> WHEN.format(r.createdAt().atZone(zone))).setHeader("When").setAutoWidth(true);
    runGrid.addColumn(r -> "v" + r.suiteVersion()).setHeader("Suite").setAutoWidth(true);
    runGrid.addColumn(RunPanel::target).setHeader("Against").setFlexGrow(2);
    runGrid.addColumn(StoredRun::probes).setHeader("Probes").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    runGrid.addColumn(StoredRun::failures).setHeader("Failures").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    runGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    runGrid.setAllRowsVisible(true);
    runGrid.setId("run-grid");
    runGrid.asSingleSelect().addValueChangeListener(e -> {
      if (e.getValue() != null) {
        showRun(e.getValue());
      }
    });
    Div runCard = new Div(new H3("Runs"), selected, runForm, runGrid);
    runCard.addClassName("card");

    Div columns = new Div(listCard, buildCard);
    columns.addClassName("two-columns");
    add(new H2("Suites"), columns, runCard, runPanel);
    refreshSuites();
  }

  private void select(StoredSuite suite) {
    runForm.setSuiteSelected(suite != null);
    runPanel.setVisible(false);
    if (suite == null) {
      selected.setText("Select a suite to run it and read its runs.");
      runGrid.setItems();
      return;
    }
    selected.setText("Suite " + suite.name() + " (" + suite.kind().wireName() + ", version " + suite.version() + ", "
        + suite.probeCount() + " probes)");
    runGrid.setItems(runs.list(suite.name()));
  }

  private void build(String kind, String name, SuiteService.Upload data, SuiteService.Upload questions,
      Integer sample) {
    try {
      StoredSuite saved = builds.build(kind, name, data, questions, sample, CurrentUser.require().name());
      Toasts.show("Built " + saved.name() + " version " + saved.version() + " with " + saved.probeCount() + " probes",
          false);
      refreshSuites();
      suiteGrid.getListDataView().getItems().filter(s -> s.id() == saved.id()).findFirst().ifPresent(suiteGrid::select);
    } catch (ProblemException e) {
      Toasts.show("The suite was not built: " + e.getMessage(), true);
    } finally {
      buildForm.clearFiles();
      deleteQuietly(data);
      deleteQuietly(questions);
    }
  }

  private void run(String policy, Integer policyVersion, Long modelId) {
    StoredSuite suite = suiteGrid.asSingleSelect().getValue();
    if (suite == null) {
      return;
    }
    try {
      StoredRun run = runs.run(suite.name(), suite.version(), policy, policyVersion, modelId,
          CurrentUser.require().name());
      Toasts.show("Run #" + run.id() + ": " + run.failures() + " of " + run.probes() + " probes failed", false);
      runGrid.setItems(runs.list(suite.name()));
      runGrid.select(run);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void showRun(StoredRun run) {
    RunComparison compared;
    try {
      compared = runs.compare(run.id(), null);
    } catch (ProblemException e) {
      if (e.status() != 404) {
        throw e;
      }
      compared = null; // the first run of this suite against this kind of target
    }
    runPanel.show(run, compared, (page, size) -> runs.outcomes(run.id(), true, page, size).items());
  }

  private void refreshSuites() {
    suiteGrid.setItems(suites.list());
  }

  /** Reward and preference models by id, newest first, labelled with their name, version and stage. */
  private static Map<Long, String> rewardModels(ModelRegistry registry) {
    Map<Long, String> models = new LinkedHashMap<>();
    registry.list().stream()
        .filter(m -> !ModelKind.CLASSIFIER.name().equals(m.kind))
        .sorted(Comparator.comparing((RegisteredModel m) -> m.id).reversed())
        .forEach(m -> models.put(m.id, m.name + " v" + m.version + " (" + m.stage.name().toLowerCase(Locale.ROOT) + ")"));
    return models;
  }

  /** Removes an upload's temporary file once the build has copied it. */
  private static void deleteQuietly(SuiteService.Upload upload) {
    if (upload == null) {
      return;
    }
    try {
      Files.deleteIfExists(upload.file());
    } catch (IOException ignored) {
      // a temporary upload; the JVM's temporary directory is cleaned anyway
    }
  }
}
