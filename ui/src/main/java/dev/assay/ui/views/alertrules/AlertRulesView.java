package dev.assay.ui.views.alertrules;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.guardrail.monitoring.alert.AlertRule;
import dev.assay.guardrail.monitoring.alert.AlertRules;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.Locale;

/** The alert rules: every rule with what it watches, switched on or off in the list, changed or added in the form. */
@Route(value = "admin/alert-rules", layout = MainLayout.class)
@PageTitle("Alert rules · Assay")
@UiRoles(Roles.ADMIN)
public class AlertRulesView extends Div {
  private final AlertRules rules;
  private final Grid<AlertRule> grid = new Grid<>();
  private final AlertRuleForm form = new AlertRuleForm();
  private final H3 formTitle = new H3("New rule");

  public AlertRulesView(AlertRules rules) {
    this.rules = rules;
    addClassName("page");
    grid.addColumn(r -> r.name).setHeader("Rule").setAutoWidth(true).setFlexGrow(1);
    grid.addColumn(r -> r.kind + " · " + r.statistic).setHeader("Watches").setAutoWidth(true);
    grid.addColumn(r -> r.scope + (r.policy == null ? "" : " " + r.policy)).setHeader("Scope").setAutoWidth(true);
    grid.addColumn(r -> String.format(Locale.ROOT, "> %s", r.threshold)).setHeader("Threshold").setAutoWidth(true);
    grid.addColumn(r -> r.windowCount).setHeader("Windows").setAutoWidth(true);
    grid.addColumn(r -> r.minSamples).setHeader("Min. samples").setAutoWidth(true);
    grid.addColumn(r -> r.severity).setHeader("Severity").setAutoWidth(true);
    grid.addComponentColumn(r -> {
      Checkbox on = new Checkbox(r.enabled);
      on.setAriaLabel("Enabled: " + r.name);
      on.getElement().setAttribute("data-rule", r.name);
      on.addValueChangeListener(e -> {
        if (e.isFromClient()) {
          setEnabled(r, e.getValue());
        }
      });
      return on;
    }).setHeader("On").setAutoWidth(true);
    grid.setAllRowsVisible(true);
    grid.setId("rule-grid");
    grid.asSingleSelect().addValueChangeListener(e -> {
      form.edit(e.getValue());
      formTitle.setText(e.getValue() == null ? "New rule" : "Rule " + e.getValue().name);
    });
    Button add = new Button("New rule", e -> grid.asSingleSelect().clear());
    add.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
    add.setId("rule-new");
    form.addSaveListener(e -> save(e.id(), e.draft()));
    Div list = new Div(grid, add);
    list.addClassName("card");
    Div edit = new Div(formTitle, form);
    edit.addClassName("card");
    add(new H2("Alert rules"), list, edit);
    grid.setItems(rules.list());
  }

  private void setEnabled(AlertRule rule, boolean on) {
    save(rule.id, new AlertRules.Draft(rule.name, rule.kind, rule.statistic, rule.scope, rule.policy, rule.threshold,
        rule.windowCount, rule.minSamples, rule.severity, rule.referenceFrom, rule.referenceTo, on));
  }

  private void save(Long id, AlertRules.Draft draft) {
    String user = CurrentUser.require().name();
    try {
      AlertRule saved = id == null ? rules.create(draft, user) : rules.update(id, draft, user);
      grid.setItems(rules.list());
      Toasts.show("Saved rule " + saved.name, false);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }
}
