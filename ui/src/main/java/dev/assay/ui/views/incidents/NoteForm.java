package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.ui.components.StorableInput;

/** Adds a note to an incident's timeline. Holds no service. */
public class NoteForm extends Div {
  final TextField text = new TextField("Note");

  public NoteForm() {
    text.setId("incident-note");
    text.setWidth("36em");
    StorableInput.guard(text);
    Button add = new Button("Add note", e -> {
      if (!text.getValue().isBlank()) {
        fireEvent(new NoteEvent(this, text.getValue()));
      }
    });
    add.setId("incident-add-note");
    HorizontalLayout row = new HorizontalLayout(text, add);
    row.setAlignItems(FlexComponent.Alignment.BASELINE);
    add(row);
  }

  public void clear() {
    text.clear();
  }

  /** The user wrote a note. */
  public static class NoteEvent extends ComponentEvent<NoteForm> {
    public final String text;

    NoteEvent(NoteForm source, String text) {
      super(source, false);
      this.text = text;
    }
  }

  public void addNoteListener(ComponentEventListener<NoteEvent> listener) {
    addListener(NoteEvent.class, listener);
  }
}
