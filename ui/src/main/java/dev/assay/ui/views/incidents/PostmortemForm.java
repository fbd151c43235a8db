package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.assay.ui.components.MarkdownView;
import dev.assay.ui.components.StorableInput;

/** Writes an incident's post-mortem in markdown, with a preview rendered as model cards are. Holds no service. */
public class PostmortemForm extends Div {
  final TextArea markdown = new TextArea("Markdown");
  private final MarkdownView preview = new MarkdownView();

  public PostmortemForm() {
    markdown.setId("incident-postmortem");
    markdown.setWidthFull();
    markdown.setMinHeight("10em");
    markdown.setValueChangeMode(ValueChangeMode.LAZY);
    markdown.addValueChangeListener(e -> preview.setMarkdown(e.getValue()));
    StorableInput.guard(markdown);
    preview.setId("incident-postmortem-preview");
    Button save = new Button("Save post-mortem", e -> fireEvent(new SaveEvent(this, markdown.getValue())));
    save.setId("incident-save-postmortem");
    add(new H3("Post-mortem"), markdown, save, preview);
  }

  public void show(String text) {
    markdown.setValue(text == null ? "" : text);
    preview.setMarkdown(text == null ? "" : text);
  }

  /** The user saved the post-mortem. */
  public static class SaveEvent extends ComponentEvent<PostmortemForm> {
    public final String markdown;

    SaveEvent(PostmortemForm source, String markdown) {
      super(source, false);
      this.markdown = markdown;
    }
  }

  public void addSaveListener(ComponentEventListener<SaveEvent> listener) {
    addListener(SaveEvent.class, listener);
  }
}
