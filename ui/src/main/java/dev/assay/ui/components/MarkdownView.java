package dev.assay.ui.components;

import com.vaadin.flow.component.html.Div;

/**
 * Shows untrusted markdown (a model's response, guidelines) as HTML. The HTML always comes from
 * {@link SafeMarkdown} or {@link WordDiff}, which escape everything that is not markdown structure; this
 * component is the only place in the UI that sets {@code innerHTML}.
 */
public class MarkdownView extends Div {

  public MarkdownView() {
    addClassName("markdown");
  }

  public MarkdownView(String markdown) {
    this();
    setMarkdown(markdown);
  }

  /** Renders markdown (escaped, links made safe, images inert). */
  public void setMarkdown(String markdown) {
    removeClassName("diff");
    getElement().setProperty("innerHTML", SafeMarkdown.toHtml(markdown));
  }

  /** Shows a side of a word diff as plain text with the differing words highlighted. */
  public void setDiff(java.util.List<WordDiff.Segment> segments) {
    addClassName("diff");
    getElement().setProperty("innerHTML", WordDiff.toHtml(segments));
  }
}
