package dev.assay.ui.views.labeling;

import dev.assay.ui.components.StorableInput;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.radiobutton.RadioGroupVariant;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;

/** Asks why a task is skipped: arrow keys pick a reason, Enter skips, Esc goes back to the task. */
public class SkipDialog extends Dialog {
  static final List<String> REASONS = List.of(
      "Outside my expertise",
      "Prompt or responses are broken or unreadable",
      "Content I should not be asked to read",
      "Other");

  private final RadioButtonGroup<String> reason = new RadioButtonGroup<>();
  private final TextField details = new TextField("Details (optional)");

  public SkipDialog() {
    setHeaderTitle("Skip this task?");
    reason.setItems(REASONS);
    reason.setValue(REASONS.get(0));
    reason.addThemeVariants(RadioGroupVariant.LUMO_VERTICAL);
    reason.setAriaLabel("Why are you skipping?");
    details.setWidthFull();
    StorableInput.guard(details);
    add(reason, details);
    Button confirm = new Button("Skip task", e -> confirm());
    confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    confirm.addClickShortcut(Key.ENTER).listenOn(this);
    Button cancel = new Button("Back to the task", e -> close());
    getFooter().add(cancel, confirm);
    setWidth("min(28rem, 95vw)");
    addOpenedChangeListener(e -> {
      if (e.isOpened()) {
        details.clear();
        reason.getElement().executeJs("setTimeout(() => { const b = this.querySelector('vaadin-radio-button[checked]') || this.querySelector('vaadin-radio-button'); if (b) b.focus(); }, 50)");
      }
    });
  }

  private void confirm() {
    if (!StorableInput.check(details, details.getValue())) {
      return;
    }
    String text = reason.getValue() == null ? "Other" : reason.getValue();
    if (!details.getValue().isBlank()) {
      text = text + ": " + details.getValue().strip();
    }
    close();
    fireEvent(new SkipConfirmedEvent(this, text));
  }

  public static class SkipConfirmedEvent extends ComponentEvent<SkipDialog> {
    private final String reason;

    SkipConfirmedEvent(SkipDialog source, String reason) {
      super(source, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public void addSkipListener(ComponentEventListener<SkipConfirmedEvent> listener) {
    addListener(SkipConfirmedEvent.class, listener);
  }
}
