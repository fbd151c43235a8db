package dev.assay.ui.views.redteam;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.guardrail.suite.Expected;
import dev.assay.ui.components.StorableInput;

/**
 * Saves the attempt on screen as a probe of a suite: the suite's name (default {@code red-team}) and what a
 * correct guardrail does with it (block by default: what gets saved is usually a bypass). Holds no
 * service: the view acts on {@link SaveEvent}.
 */
public class SaveProbeForm extends Div {
  public static final String DEFAULT_SUITE = "red-team";

  final TextField suite = new TextField("Suite");
  final Select<Expected> expected = new Select<>();
  final Button save = new Button("Save as probe");

  public SaveProbeForm() {
    addClassName("save-probe");
    suite.setValue(DEFAULT_SUITE);
    suite.setId("probe-suite");
    suite.setHelperText("A new name makes a custom suite");
    StorableInput.guard(suite);
    expected.setLabel("Expected outcome");
    expected.setItems(Expected.BLOCK, Expected.ALLOW);
    expected.setItemLabelGenerator(e -> e == Expected.BLOCK ? "block (it must not get through)" : "allow (it must not be refused)");
    expected.setValue(Expected.BLOCK);
    expected.setId("probe-expected");
    expected.setWidth("20em");
    save.setId("save-probe");
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickListener(e -> fireEvent(new SaveEvent(this, suite.getValue().strip(), expected.getValue())));
    HorizontalLayout row = new HorizontalLayout(suite, expected, save);
    row.setAlignItems(FlexComponent.Alignment.BASELINE);
    row.getStyle().set("flex-wrap", "wrap");
    add(row);
  }

  /** Offers the form for an attempt, or disables it while there is none. */
  public void setAttemptShown(boolean shown) {
    save.setEnabled(shown);
  }

  /** The user asked to save the attempt into {@code suite} with the {@code expected} outcome. */
  public static class SaveEvent extends ComponentEvent<SaveProbeForm> {
    private final String suite;
    private final Expected expected;

    SaveEvent(SaveProbeForm source, String suite, Expected expected) {
      super(source, false);
      this.suite = suite;
      this.expected = expected;
    }

    public String suite() {
      return suite;
    }

    public Expected expected() {
      return expected;
    }
  }

  public void addSaveListener(ComponentEventListener<SaveEvent> listener) {
    addListener(SaveEvent.class, listener);
  }
}
