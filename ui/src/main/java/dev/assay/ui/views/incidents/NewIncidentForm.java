package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.guardrail.incident.Incident;
import dev.assay.ui.components.StorableInput;

/** Opens an incident by hand: title, severity, owner and the policy it is about. Holds no service. */
public class NewIncidentForm extends Div {
  final TextField title = new TextField("Title");
  final Select<String> severity = new Select<>();
  final TextField owner = new TextField("Owner");
  final TextField policy = new TextField("Policy");
  final Button open = new Button("Open incident");

  public NewIncidentForm() {
    title.setId("incident-title");
    title.setWidth("24em");
    severity.setLabel("Severity");
    severity.setItems(Incident.SEVERITIES);
    severity.setValue("warning");
    severity.setId("incident-severity");
    owner.setId("incident-owner");
    policy.setId("incident-policy");
    policy.setHelperText("Optional: links its production version");
    StorableInput.guard(title);
    StorableInput.guard(owner);
    StorableInput.guard(policy);
    open.setId("incident-open");
    open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    open.addClickListener(e -> fireEvent(new OpenEvent(this, title.getValue(), severity.getValue(),
        owner.getValue(), policy.getValue().strip())));
    HorizontalLayout row = new HorizontalLayout(title, severity, owner, policy, open);
    row.setAlignItems(FlexComponent.Alignment.BASELINE);
    row.getStyle().set("flex-wrap", "wrap");
    add(row);
  }

  public void clear() {
    title.clear();
    policy.clear();
  }

  /** The user asked to open an incident. */
  public static class OpenEvent extends ComponentEvent<NewIncidentForm> {
    public final String title;
    public final String severity;
    public final String owner;
    public final String policy;

    OpenEvent(NewIncidentForm source, String title, String severity, String owner, String policy) {
      super(source, false);
      this.title = title;
      this.severity = severity;
      this.owner = owner;
      this.policy = policy;
    }
  }

  public void addOpenListener(ComponentEventListener<OpenEvent> listener) {
    addListener(OpenEvent.class, listener);
  }
}
