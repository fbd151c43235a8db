package dev.assay.ui.views.labeling;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.assay.ui.components.MarkdownView;
import dev.assay.ui.components.WordDiff;
import java.util.Locale;

/**
 * The two responses side by side (stacked on narrow screens), each scrolling on its own and reachable
 * with Tab so the arrow keys scroll it. In diff mode both show as plain text with the differing words
 * marked.
 */
public class ResponsePair extends Div {
  private final Panel left = new Panel("Left", "left");
  private final Panel right = new Panel("Right", "right");
  private String leftText = "";
  private String rightText = "";
  private boolean diff;

  public ResponsePair() {
    addClassName("pair");
    add(left, right);
  }

  public void setResponses(String leftText, String rightText) {
    this.leftText = leftText == null ? "" : leftText;
    this.rightText = rightText == null ? "" : rightText;
    render();
    left.body.getElement().executeJs("this.scrollTop = 0");
    right.body.getElement().executeJs("this.scrollTop = 0");
  }

  public boolean toggleDiff() {
    diff = !diff;
    render();
    return diff;
  }

  public boolean isDiff() {
    return diff;
  }

  /** Highlights the chosen side (left, right, or neither). */
  public void highlight(Boolean leftChosen) {
    left.setClassName("chosen", Boolean.TRUE.equals(leftChosen));
    right.setClassName("chosen", Boolean.FALSE.equals(leftChosen));
  }

  private void render() {
    if (diff) {
      WordDiff.Result result = WordDiff.diff(leftText, rightText);
      left.content.setDiff(result.left());
      right.content.setDiff(result.right());
      String similarity = String.format(Locale.ROOT, "%.0f%% the same", result.similarity() * 100);
      left.note.setText("Differences marked · " + similarity);
      right.note.setText("Differences marked · " + similarity);
    } else {
      left.content.setMarkdown(leftText);
      right.content.setMarkdown(rightText);
      left.note.setText(words(leftText));
      right.note.setText(words(rightText));
    }
  }

  private static String words(String text) {
    int count = text.isBlank() ? 0 : text.strip().split("\\s+").length;
    return count + (count == 1 ? " word" : " words");
  }

  private static final class Panel extends Div {
    final Div body = new Div();
    final MarkdownView content = new MarkdownView();
    final Span note = new Span();

    Panel(String label, String side) {
      addClassNames("response", "response-" + side);
      Span title = new Span(label + " response");
      note.addClassName("muted");
      Div header = new Div(title, note);
      header.addClassName("response-header");
      body.addClassName("response-body");
      body.setId("response-" + side);
      body.getElement().setAttribute("tabindex", "0");
      body.getElement().setAttribute("role", "region");
      body.getElement().setAttribute("aria-label", label + " response");
      body.add(content);
      add(header, body);
    }
  }
}
