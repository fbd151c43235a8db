package dev.assay.ui.views.alertrules;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.AlertRules;
import java.util.List;

/**
 * One alert rule's settings: what it watches (kind, statistic, scope, policy) when it is new, and its threshold,
 * windows, minimum samples, severity and whether it is on. Holds no service: the view acts on {@link SaveEvent}.
 */
public class AlertRuleForm extends Div {
  final TextField name = new TextField("Name");
  final Select<String> kind = new Select<>();
  final Select<String> statistic = new Select<>();
  final Select<String> scope = new Select<>();
  final TextField policy = new TextField("Policy");
  final NumberField threshold = new NumberField("Threshold");
  final IntegerField windowCount = new IntegerField("Windows in a row");
  final IntegerField minSamples = new IntegerField("Minimum samples");
  final Select<String> severity = new Select<>();
  final Checkbox enabled = new Checkbox("Enabled");
  final Button save = new Button("Save rule");
  private AlertRule editing;

  public AlertRuleForm() {
    setId("rule-form");
    name.setId("rule-name");
    kind.setLabel("Kind");
    kind.setItems(AlertRule.STATISTICS.keySet().stream().sorted().toList());
    kind.addValueChangeListener(e -> statistic.setItems(e.getValue() == null ? List.of()
        : AlertRule.STATISTICS.get(e.getValue())));
    statistic.setLabel("Statistic");
    scope.setLabel("Scope");
    scope.setItems(AlertRule.POLICY_SCOPE, AlertRule.CALLER_SCOPE);
    policy.setHelperText("Empty: every policy");
    threshold.setId("rule-threshold");
    threshold.setHelperText("PSI or KS, OOD share, or the anomaly's z-score");
    windowCount.setId("rule-windows");
    windowCount.setMin(1);
    windowCount.setMax(100);
    minSamples.setId("rule-min-samples");
    minSamples.setMin(1);
    severity.setLabel("Severity");
    severity.setItems(AlertRule.SEVERITIES);
    severity.setId("rule-severity");
    enabled.setId("rule-enabled");
    save.setId("rule-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickListener(e -> fireEvent(new SaveEvent(this, editing == null ? null : editing.id, draft())));
    FormLayout form = new FormLayout(name, kind, statistic, scope, policy, threshold, windowCount, minSamples, severity,
        enabled);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("34em", 3));
    add(form, save);
    edit(null);
  }

  /** Shows a rule to change, or an empty form for a new one (what it watches can only be chosen then). */
  public void edit(AlertRule rule) {
    editing = rule;
    boolean isNew = rule == null;
    name.setValue(isNew ? "" : rule.name);
    kind.setValue(isNew ? AlertRule.DRIFT : rule.kind);
    statistic.setValue(isNew ? AlertRule.PSI : rule.statistic);
    scope.setValue(isNew ? AlertRule.POLICY_SCOPE : rule.scope);
    policy.setValue(isNew || rule.policy == null ? "" : rule.policy);
    threshold.setValue(isNew ? null : rule.threshold);
    windowCount.setValue(isNew ? 1 : rule.windowCount);
    minSamples.setValue(isNew ? 30 : rule.minSamples);
    severity.setValue(isNew ? "warning" : rule.severity);
    enabled.setValue(isNew || rule.enabled);
    kind.setReadOnly(!isNew);
    statistic.setReadOnly(!isNew);
    scope.setReadOnly(!isNew);
    policy.setReadOnly(!isNew);
    save.setText(isNew ? "Create rule" : "Save rule");
  }

  private AlertRules.Draft draft() {
    return new AlertRules.Draft(name.getValue().strip(), kind.getValue(), statistic.getValue(), scope.getValue(),
        policy.getValue().isBlank() ? null : policy.getValue().strip(), threshold.getValue(), windowCount.getValue(),
        minSamples.getValue(), severity.getValue(), editing == null ? null : editing.referenceFrom,
        editing == null ? null : editing.referenceTo, enabled.getValue());
  }

  /** Save this draft: as rule {@code id}, or as a new rule when the id is null. */
  public static class SaveEvent extends ComponentEvent<AlertRuleForm> {
    private final Long id;
    private final AlertRules.Draft draft;

    SaveEvent(AlertRuleForm source, Long id, AlertRules.Draft draft) {
      super(source, false);
      this.id = id;
      this.draft = draft;
    }

    public Long id() {
      return id;
    }

    public AlertRules.Draft draft() {
      return draft;
    }
  }

  public void addSaveListener(ComponentEventListener<SaveEvent> listener) {
    addListener(SaveEvent.class, listener);
  }
}
