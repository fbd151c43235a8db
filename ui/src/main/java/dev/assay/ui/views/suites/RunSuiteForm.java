package dev.assay.ui.views.suites;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.IntegerField;
import java.util.List;
import java.util.Map;

/**
 * What to run the selected suite against: a stored policy (its production version unless one is given) and/or a
 * registered reward model. Holds no service: it is given the names to offer and fires {@link RunEvent}.
 */
public class RunSuiteForm extends Div {
  final ComboBox<String> policy = new ComboBox<>("Policy");
  final IntegerField policyVersion = new IntegerField("Policy version");
  final ComboBox<Long> model = new ComboBox<>("Reward model");
  final Button run = new Button("Run suite");

  /** @param models the registered reward and preference models, by id, with their labels */
  public RunSuiteForm(List<String> policies, Map<Long, String> models) {
    addClassName("run-suite");
    policy.setItems(policies);
    policy.setClearButtonVisible(true);
    policy.setId("run-policy");
    policy.setHelperText("Decides input and output probes");
    policyVersion.setMin(1);
    policyVersion.setHelperText("Empty = the production version");
    policyVersion.setId("run-policy-version");
    model.setItems(models.keySet());
    model.setItemLabelGenerator(id -> models.getOrDefault(id, "#" + id));
    model.setClearButtonVisible(true);
    model.setId("run-model");
    model.setHelperText("Scores bias pairs and counterfactuals");
    run.setId("run-suite");
    run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    run.setEnabled(false);
    run.addClickListener(e -> fireEvent(new RunEvent(this, policy.getValue(), policyVersion.getValue(),
        model.getValue())));
    FormLayout form = new FormLayout(policy, policyVersion, model);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 3));
    add(form, run);
  }

  /** Runs need a suite: the button waits for one to be selected. */
  public void setSuiteSelected(boolean selected) {
    run.setEnabled(selected);
  }

  /** The user asked to run the selected suite against these (each may be null). */
  public static class RunEvent extends ComponentEvent<RunSuiteForm> {
    private final String policy;
    private final Integer policyVersion;
    private final Long modelId;

    RunEvent(RunSuiteForm source, String policy, Integer policyVersion, Long modelId) {
      super(source, false);
      this.policy = policy;
      this.policyVersion = policyVersion;
      this.modelId = modelId;
    }

    public String policy() {
      return policy;
    }

    public Integer policyVersion() {
      return policyVersion;
    }

    public Long modelId() {
      return modelId;
    }
  }

  public void addRunListener(ComponentEventListener<RunEvent> listener) {
    addListener(RunEvent.class, listener);
  }
}
