package dev.assay.ui.views.policies;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyReleases;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.redteam.Attempt;
import dev.assay.guardrail.redteam.RedTeamPlayground;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.Problem;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.StorableInput;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.redteam.TracePanel;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Guardrail policies: every policy with its versions (which one serves, which are candidates), a diff between two
 * versions, an editor that checks a document with the same compiler as the REST save before saving it as the
 * next version, a try-it box running a chosen version with explanations, and a version's calibration report.
 * Researchers read, compare and try; only admins save, promote and roll back (checked again on every action, not
 * only by hiding the controls), as over REST.
 */
@Route(value = "policies", layout = MainLayout.class)
@PageTitle("Policies · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class PoliciesView extends Div {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final PolicyService policies;
  private final PolicyReleases releases;
  private final RedTeamPlayground playground;
  private final boolean admin = CurrentUser.hasRole(Roles.ADMIN);

  private final Grid<Policy> policyGrid = new Grid<>();
  private final Grid<Policy> versionGrid = new Grid<>();
  private final H3 versionsTitle = new H3("Versions");
  private final Button promote = new Button("Promote");
  private final Button rollback = new Button("Roll back");
  private final Select<Policy> diffFrom = new Select<>();
  private final Select<Policy> diffTo = new Select<>();
  private final DocumentDiff diff = new DocumentDiff();
  private final PolicyEditor editor = new PolicyEditor();
  private final Select<Policy> tryVersion = new Select<>();
  private final TextArea tryPrompt = new TextArea("Prompt");
  private final TextArea tryResponse = new TextArea("Response");
  private final TracePanel tryResult = new TracePanel();
  private final CalibrationReport calibration = new CalibrationReport();
  private final H3 calibrationTitle = new H3("Calibration");

  private String selectedName;
  private Integer production;
  private List<Policy> versions = List.of();

  public PoliciesView(PolicyService policies, PolicyReleases releases, RedTeamPlayground playground) {
    this.policies = policies;
    this.releases = releases;
    this.playground = playground;
    addClassName("page");
    setId("policies");

    policyGrid.addColumn(p -> p.name).setHeader("Policy").setAutoWidth(true);
    policyGrid.addColumn(p -> "v" + p.version).setHeader("In production").setAutoWidth(true);
    policyGrid.addColumn(p -> p.description == null ? "" : p.description).setHeader("Description").setFlexGrow(2);
    policyGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    policyGrid.setAllRowsVisible(true);
    policyGrid.setId("policy-grid");
    policyGrid.asSingleSelect().addValueChangeListener(e -> {
      if (e.getValue() != null) {
        select(e.getValue().name, null);
      }
    });
    Div policyCard = new Div(new H3("Policies"), policyGrid);
    policyCard.addClassName("card");

    versionGrid.addColumn(p -> "v" + p.version).setHeader("Version").setAutoWidth(true);
    versionGrid.addColumn(this::stage).setHeader("Stage").setAutoWidth(true);
    versionGrid.addColumn(p -> p.document == null ? "reward threshold " + p.threshold : checks(p)).setHeader("Checks")
        .setAutoWidth(true);
    versionGrid.addColumn(p -> p.calibration == null ? "" : "calibrated").setHeader("Calibration").setAutoWidth(true);
    versionGrid.addColumn(p -> p.createdBy).setHeader("By").setAutoWidth(true);
    versionGrid.addColumn(p -> WHEN.format(p.createdAt)).setHeader("Saved").setAutoWidth(true);
    versionGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    versionGrid.setAllRowsVisible(true);
    versionGrid.setId("policy-versions");
    versionGrid.asSingleSelect().addValueChangeListener(e -> showVersion(e.getValue()));
    promote.setId("policy-promote");
    promote.setTooltipText("Put the selected version into production through the policy's gating suites");
    promote.addClickListener(e -> promoteSelected());
    rollback.setId("policy-rollback");
    rollback.setTooltipText("Bring back the version served before the current one");
    rollback.addClickListener(e -> rollBack());
    Div versionCard = new Div(versionsTitle, versionGrid);
    if (admin) {
      HorizontalLayout releaseActions = new HorizontalLayout(promote, rollback);
      releaseActions.addClassName("form-actions");
      versionCard.add(releaseActions);
    }
    versionCard.addClassName("card");

    diffFrom.setLabel("From");
    diffFrom.setId("diff-from");
    diffTo.setLabel("To");
    diffTo.setId("diff-to");
    for (Select<Policy> side : List.of(diffFrom, diffTo)) {
      side.setItemLabelGenerator(this::versionLabel);
      side.addValueChangeListener(e -> showDiff());
    }
    Div diffCard = new Div(new H3("Compare versions"), new HorizontalLayout(diffFrom, diffTo), diff);
    diffCard.addClassName("card");

    tryVersion.setLabel("Version");
    tryVersion.setId("try-version");
    tryVersion.setItemLabelGenerator(this::versionLabel);
    tryPrompt.setId("try-prompt");
    tryPrompt.setPlaceholder("What the user sends. Leave empty to check a response on its own.");
    tryResponse.setId("try-response");
    tryResponse.setPlaceholder("What the model answers. Leave empty to run the input checks only.");
    StorableInput.guard(tryPrompt);
    StorableInput.guard(tryResponse);
    Button check = new Button("Try it", e -> tryIt());
    check.setId("try-check");
    check.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    check.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);
    FormLayout tryForm = new FormLayout(tryVersion, tryPrompt, tryResponse);
    tryForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 2));
    tryForm.setColspan(tryVersion, 2);
    HorizontalLayout tryActions = new HorizontalLayout(check, new Paragraph("Runs the chosen version with"
        + " explanations; nothing tried here is written to the decision audit or escalated."));
    tryActions.setAlignItems(FlexComponent.Alignment.BASELINE);
    Div tryCard = new Div(new H3("Try it"), tryForm, tryActions);
    tryCard.addClassName("card");
    tryCard.setId("try-it");

    Div calibrationCard = new Div(calibrationTitle, calibration);
    calibrationCard.addClassName("card");

    add(new H2("Guardrail policies"), policyCard, versionCard, diffCard);
    if (admin) {
      editor.addValidateListener(e -> validate(e.name(), e.yaml()));
      editor.addSaveListener(e -> save(e.name(), e.yaml(), e.candidate()));
      Div editorCard = new Div(new H3("Edit"), editor);
      editorCard.addClassName("card");
      add(editorCard);
    }
    add(tryCard, tryResult, calibrationCard);

    List<Policy> all = policies.list();
    policyGrid.setItems(all);
    all.stream().findFirst().ifPresent(policyGrid::select);
  }

  /** Shows a policy's versions and selects {@code version} (the production one when null). */
  private void select(String name, Integer version) {
    try {
      selectedName = name;
      versions = policies.versions(name);
      production = productionVersion(name);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
      return;
    }
    versionsTitle.setText("Versions of " + name);
    versionGrid.setItems(versions);
    List<Policy> live = versions.stream().filter(p -> !p.retired).toList();
    diffFrom.setItems(versions);
    diffTo.setItems(versions);
    tryVersion.setItems(live);
    Integer wanted = version != null ? version : production;
    Policy shown = versions.stream().filter(p -> wanted == null ? !p.retired : p.version == wanted).findFirst()
        .orElse(versions.getFirst());
    versionGrid.select(shown);
    live.stream().filter(p -> p.version == shown.version).findFirst().ifPresent(tryVersion::setValue);
  }

  private Integer productionVersion(String name) {
    try {
      return policies.resolve(name, null).version;
    } catch (ProblemException e) {
      return null; // retired, or only candidates
    }
  }

  private void showVersion(Policy version) {
    if (version == null) {
      return;
    }
    // Compare with the version before it (or the one after, for the first).
    int index = versions.indexOf(version);
    Policy other = index + 1 < versions.size() ? versions.get(index + 1) : index > 0 ? versions.get(index - 1) : version;
    diffFrom.setValue(other.version < version.version ? other : version);
    diffTo.setValue(other.version < version.version ? version : other);
    editor.edit(version.name, yaml(version));
    calibrationTitle.setText("Calibration of " + versionLabel(version));
    calibration.show(version.calibration);
  }

  private void showDiff() {
    Policy from = diffFrom.getValue();
    Policy to = diffTo.getValue();
    if (from != null && to != null) {
      diff.show(versionLabel(from), yaml(from), versionLabel(to), yaml(to));
    }
  }

  private void validate(String name, String yaml) {
    try {
      policies.validateDocument(name, PolicyDocuments.parse(yaml, true));
      editor.showValid("Valid: every check compiles. Save it to make it the next version of " + name + ".");
    } catch (ProblemException e) {
      showRefusal(e);
    }
  }

  private void save(String name, String yaml, boolean candidate) {
    if (!CurrentUser.hasRole(Roles.ADMIN)) {
      Toasts.show("Only admins save policies", true);
      return;
    }
    try {
      PolicyDocument document = PolicyDocuments.parse(yaml, true);
      Policy saved = policies.createDocument(name, document, CurrentUser.require().name(), candidate);
      refreshPolicies();
      select(name, saved.version);
      editor.showValid("Saved " + name + " version " + saved.version + " as " + saved.stage + ".");
    } catch (ProblemException e) {
      showRefusal(e);
    }
  }

  private void promoteSelected() {
    Policy version = versionGrid.asSingleSelect().getValue();
    if (!CurrentUser.hasRole(Roles.ADMIN) || version == null) {
      return;
    }
    try {
      PolicyReleases.Promotion promotion = releases.promote(version.name, version.version,
          CurrentUser.require().name());
      Toasts.show(version.name + " version " + version.version + " is in production (" + promotion.checks().size()
          + " gating suites passed)", false);
      refreshPolicies();
      select(version.name, version.version);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void rollBack() {
    if (!CurrentUser.hasRole(Roles.ADMIN) || selectedName == null) {
      return;
    }
    try {
      PolicyReleases.Rollback done = releases.rollback(selectedName, CurrentUser.require().name());
      Toasts.show(done.name() + ": version " + done.to() + " serves again instead of version " + done.from(), false);
      refreshPolicies();
      select(done.name(), done.to());
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void tryIt() {
    Policy version = tryVersion.getValue();
    if (version == null) {
      Toasts.show("Choose a policy and a version to try", true);
      return;
    }
    try {
      Attempt attempt = playground.attempt(version.name, version.version, tryPrompt.getValue(), tryResponse.getValue());
      tryResult.show(attempt.policy(), attempt.policyVersion(), attempt.evaluation(), attempt.latencyMs());
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void refreshPolicies() {
    policyGrid.setItems(policies.list());
  }

  private void showRefusal(ProblemException e) {
    Problem problem = e.toProblem();
    String where = problem.field() != null ? problem.field() : problem.line() != null ? "line " + problem.line() : null;
    editor.showError(where, e.getMessage());
  }

  private String stage(Policy version) {
    if (version.retired) {
      return "retired";
    }
    if (production == null) {
      return "candidate";
    }
    return version.version == production ? "production" : version.version > production ? "candidate" : "earlier";
  }

  private String versionLabel(Policy version) {
    return "v" + version.version + " · " + stage(version);
  }

  private static String checks(Policy version) {
    PolicyDocument document = GuardrailEngine.documentOf(version);
    return document.input().size() + " input, " + document.output().size() + " output";
  }

  private static String yaml(Policy version) {
    return PolicyDocuments.toYaml(GuardrailEngine.documentOf(version));
  }
}
