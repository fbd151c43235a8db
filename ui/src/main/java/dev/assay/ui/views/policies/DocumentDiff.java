package dev.assay.ui.views.policies;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.assay.ui.components.WordDiff;

/**
 * Two versions of a policy document side by side, as YAML, with what changed between them marked (a word diff:
 * a changed threshold or a new pattern is marked on its own, not its whole line).
 */
public class DocumentDiff extends Div {
  private final Span leftTitle = new Span();
  private final Span rightTitle = new Span();
  private final Div left = new Div();
  private final Div right = new Div();

  public DocumentDiff() {
    addClassName("document-diff");
    setId("policy-diff");
    left.addClassNames("markdown", "diff");
    right.addClassNames("markdown", "diff");
    left.setId("policy-diff-left");
    right.setId("policy-diff-right");
    Div leftColumn = new Div(leftTitle, left);
    Div rightColumn = new Div(rightTitle, right);
    leftTitle.addClassName("muted");
    rightTitle.addClassName("muted");
    add(leftColumn, rightColumn);
  }

  /** Shows {@code before} and {@code after}; the markup comes from WordDiff, which escapes every text. */
  public void show(String beforeTitle, String before, String afterTitle, String after) {
    WordDiff.Result diff = WordDiff.diff(before, after);
    leftTitle.setText(beforeTitle);
    rightTitle.setText(afterTitle);
    left.getElement().setProperty("innerHTML", WordDiff.toHtml(diff.left()));
    right.getElement().setProperty("innerHTML", WordDiff.toHtml(diff.right()));
  }
}
