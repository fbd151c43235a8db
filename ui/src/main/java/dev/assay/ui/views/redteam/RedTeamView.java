package dev.assay.ui.views.redteam;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
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
import dev.assay.guardrail.redteam.Attempt;
import dev.assay.guardrail.redteam.RedTeamPlayground;
import dev.assay.guardrail.suite.Expected;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.StorableInput;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The red-team playground: pick a policy (and a version), type a prompt and/or a response, and read the
 * decision with the trace of every check. An attempt is not live traffic: it is neither audited nor
 * escalated. A bypass is saved into a suite with one click, so every later run of that suite tries it.
 */
@Route(value = "red-team", layout = MainLayout.class)
@PageTitle("Red team · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class RedTeamView extends Div {
  private final RedTeamPlayground playground;
  private final ComboBox<String> policy = new ComboBox<>("Policy");
  private final Select<Optional<Integer>> version = new Select<>();
  private final TextArea prompt = new TextArea("Prompt");
  private final TextArea response = new TextArea("Response");
  private final Button check = new Button("Check");
  private final TracePanel result = new TracePanel();
  private final SaveProbeForm saveForm = new SaveProbeForm();
  private Attempt shown;

  public RedTeamView(RedTeamPlayground playground) {
    this.playground = playground;
    addClassName("page");
    setId("red-team");

    List<String> policies = playground.policyNames();
    policy.setItems(policies);
    policy.setId("attempt-policy");
    policy.setRequiredIndicatorVisible(true);
    policy.addValueChangeListener(e -> showVersions(e.getValue()));
    version.setLabel("Version");
    version.setId("attempt-version");
    version.setItemLabelGenerator(v -> v.map(n -> "version " + n).orElse("production"));
    version.setItems(List.of(Optional.empty()));
    version.setValue(Optional.empty());
    prompt.setId("attempt-prompt");
    prompt.setPlaceholder("What the user sends. Leave empty to check a response on its own.");
    prompt.setMinHeight("8em");
    response.setId("attempt-response");
    response.setPlaceholder("What the model answers. Leave empty to run the input checks only.");
    response.setMinHeight("8em");
    StorableInput.guard(prompt);
    StorableInput.guard(response);
    check.setId("attempt-check");
    check.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    check.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);
    check.addClickListener(e -> runAttempt());

    FormLayout form = new FormLayout(policy, version, prompt, response);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 2));
    form.setColspan(prompt, 2);
    form.setColspan(response, 2);
    HorizontalLayout actions = new HorizontalLayout(check, new Paragraph("Ctrl+Enter checks. Nothing you try"
        + " here is written to the decision audit or escalated."));
    actions.setAlignItems(FlexComponent.Alignment.BASELINE);
    Div attemptCard = new Div(new H3("Attempt"), form, actions);
    attemptCard.addClassName("card");

    saveForm.setAttemptShown(false);
    saveForm.addSaveListener(e -> save(e.suite(), e.expected()));
    Div saveCard = new Div(new H3("Keep it"), new Paragraph("Save this attempt as a probe, so every later run"
        + " of the suite tries it again."), saveForm);
    saveCard.addClassName("card");

    add(new H2("Red-team playground"), attemptCard, result, saveCard);
    policies.stream().findFirst().ifPresent(policy::setValue);
  }

  private void showVersions(String name) {
    List<Optional<Integer>> options = new ArrayList<>();
    options.add(Optional.empty());
    if (name != null) {
      try {
        playground.versions(name).forEach(v -> options.add(Optional.of(v)));
      } catch (ProblemException e) {
        Toasts.show(e.getMessage(), true);
      }
    }
    version.setItems(options);
    version.setValue(Optional.empty());
  }

  private void runAttempt() {
    try {
      shown = playground.attempt(policy.getValue(), version.getValue() == null ? null : version.getValue().orElse(null),
          prompt.getValue(), response.getValue());
      result.show(shown.policy(), shown.policyVersion(), shown.evaluation(), shown.latencyMs());
      saveForm.setAttemptShown(true);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void save(String suite, Expected expected) {
    if (shown == null) {
      return;
    }
    try {
      RedTeamPlayground.SavedProbe saved = playground.saveAsProbe(shown, suite, expected,
          CurrentUser.require().name());
      Toasts.show("Saved probe " + saved.key() + " into suite " + saved.suite() + " (version " + saved.version() + ", "
          + saved.probes() + " probes)", false);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }
}
