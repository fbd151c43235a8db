package dev.assay.ui.views.labeling;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Paragraph;
import dev.assay.ui.components.MarkdownView;
import java.util.List;

/**
 * The guidelines and the shortcut list: non-modal side dialogs, so the lease keeps renewing while the
 * rater reads and the task stays visible behind them. Esc or the same key closes them.
 */
class InfoDialogs {
  private final Dialog guidelines = new Dialog();
  private final MarkdownView guidelinesText = new MarkdownView();
  private final Dialog shortcuts = new Dialog();

  InfoDialogs() {
    guidelines.setModal(false);
    guidelines.setDraggable(true);
    guidelines.setResizable(true);
    guidelines.setWidth("min(40rem, 95vw)");
    guidelines.setMaxHeight("80vh");
    guidelines.add(guidelinesText);
    guidelines.getFooter().add(new Button("Close (Esc)", e -> guidelines.close()));
    guidelines.setCloseOnEsc(true);

    shortcuts.setModal(false);
    shortcuts.setHeaderTitle("Keyboard shortcuts");
    shortcuts.setWidth("min(36rem, 95vw)");
    shortcuts.getFooter().add(new Button("Close (Esc)", e -> shortcuts.close()));
  }

  void setGuidelines(String campaign, String markdown) {
    guidelines.setHeaderTitle("Guidelines · " + campaign);
    if (markdown == null || markdown.isBlank()) {
      guidelinesText.setMarkdown("_This campaign has no written guidelines._");
    } else {
      guidelinesText.setMarkdown(markdown);
    }
  }

  void showGuidelines() {
    if (guidelines.isOpened()) {
      guidelines.close();
    } else {
      shortcuts.close();
      guidelines.open();
    }
  }

  void showShortcuts(List<String[]> keys) {
    if (shortcuts.isOpened()) {
      shortcuts.close();
      return;
    }
    shortcuts.removeAll();
    DescriptionList list = new DescriptionList();
    list.addClassName("shortcut-list");
    for (String[] key : keys) {
      list.add(new DescriptionList.Term(keyLabels(key[0])), new DescriptionList.Description(key[1]));
    }
    shortcuts.add(new Paragraph("Single keys work whenever you are not typing in a text box."), list);
    guidelines.close();
    shortcuts.open();
  }

  private static com.vaadin.flow.component.html.Span keyLabels(String keys) {
    com.vaadin.flow.component.html.Span span = new com.vaadin.flow.component.html.Span();
    for (String key : keys.split(" ")) {
      if (!key.isBlank() && !key.equals("…") && !key.equals("/")) {
        com.vaadin.flow.component.html.Span kbd = new com.vaadin.flow.component.html.Span(key);
        kbd.addClassName("kbd");
        span.add(kbd);
      } else {
        span.add(new com.vaadin.flow.component.html.Span(" " + key + " "));
      }
    }
    return span;
  }
}
