package dev.assay.ui.views.policies;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.ui.components.StorableInput;

/**
 * A policy document in YAML, checked before it is saved as the policy's next version (a new name makes a new
 * policy). Holds no service: it fires {@link ValidateEvent} and {@link SaveEvent} and shows what the view
 * reports back, an error naming the field or the line, or that the document is valid.
 */
public class PolicyEditor extends Div {
  final TextField name = new TextField("Policy");
  final TextArea document = new TextArea("Policy document (YAML)");
  final Checkbox candidate = new Checkbox("Save as a candidate (promote it later)");
  final Button validate = new Button("Validate");
  final Button save = new Button("Save as new version");
  private final Div outcome = new Div();

  public PolicyEditor() {
    addClassName("policy-editor");
    name.setId("policy-name");
    name.setHelperText("The next version of this policy; a new name makes a new policy");
    StorableInput.guard(name);
    document.setId("policy-document");
    document.setWidthFull();
    document.setMinHeight("18em");
    document.addClassName("code-input");
    StorableInput.guard(document);
    candidate.setId("policy-candidate");
    candidate.setTooltipText("A policy with gating suites always saves a candidate");
    validate.setId("policy-validate");
    validate.addClickListener(e -> fireEvent(new ValidateEvent(this, name.getValue().strip(), document.getValue())));
    save.setId("policy-save");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickListener(e -> fireEvent(new SaveEvent(this, name.getValue().strip(), document.getValue(),
        candidate.getValue())));
    outcome.setId("policy-outcome");
    outcome.setVisible(false);
    HorizontalLayout actions = new HorizontalLayout(validate, save, candidate);
    actions.setAlignItems(FlexComponent.Alignment.BASELINE);
    actions.getStyle().set("flex-wrap", "wrap");
    add(name, document, actions, outcome);
  }

  /** Starts from a stored document: the next version is usually a small change to it. */
  public void edit(String policyName, String yaml) {
    name.setValue(policyName);
    document.setValue(yaml);
    outcome.setVisible(false);
  }

  /** The document was refused: the message, and where (a field path such as input[0].type, or a line). */
  public void showError(String where, String message) {
    outcome.removeClassName("notice-ok");
    outcome.addClassNames("notice", "notice-error");
    outcome.setText(where == null ? message : where + ": " + message);
    outcome.getElement().setAttribute("data-outcome", "invalid");
    outcome.setVisible(true);
  }

  public void showValid(String message) {
    outcome.removeClassName("notice-error");
    outcome.addClassNames("notice", "notice-ok");
    outcome.setText(message);
    outcome.getElement().setAttribute("data-outcome", "valid");
    outcome.setVisible(true);
  }

  /** The user asked to check the document without saving it. */
  public static class ValidateEvent extends ComponentEvent<PolicyEditor> {
    private final String name;
    private final String yaml;

    ValidateEvent(PolicyEditor source, String name, String yaml) {
      super(source, false);
      this.name = name;
      this.yaml = yaml;
    }

    public String name() {
      return name;
    }

    public String yaml() {
      return yaml;
    }
  }

  /** The user asked to save the document as the policy's next version, a candidate when {@code candidate}. */
  public static class SaveEvent extends ComponentEvent<PolicyEditor> {
    private final String name;
    private final String yaml;
    private final boolean candidate;

    SaveEvent(PolicyEditor source, String name, String yaml, boolean candidate) {
      super(source, false);
      this.name = name;
      this.yaml = yaml;
      this.candidate = candidate;
    }

    public String name() {
      return name;
    }

    public String yaml() {
      return yaml;
    }

    public boolean candidate() {
      return candidate;
    }
  }

  public void addValidateListener(ComponentEventListener<ValidateEvent> listener) {
    addListener(ValidateEvent.class, listener);
  }

  public void addSaveListener(ComponentEventListener<SaveEvent> listener) {
    addListener(SaveEvent.class, listener);
  }
}
