package dev.assay.ui.views.redteam;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.trainer.model.Contribution;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A decision as a red team or an auditor reads it: the outcome, the response that would be served (for a
 * decision just made), the reasons, and the trace of every check (stage, score against threshold, verdict,
 * normalisations, latency). Texts are set as text, never as HTML: what a red team types is hostile by design.
 */
public class TracePanel extends Div {
  private final Span decision = new Span();
  private final Span summary = new Span();
  private final Paragraph servedLabel = new Paragraph("Response served");
  private final Div served = new Div();
  private final UnorderedList reasons = new UnorderedList();
  private final Div calibration = new Div();
  private final Grid<TraceEntry> trace = new Grid<>();

  public TracePanel() {
    addClassNames("card", "trace-panel");
    setId("attempt-result");
    decision.setId("attempt-decision");
    decision.addClassName("decision-badge");
    summary.addClassName("muted");
    served.setId("attempt-served");
    served.addClassName("served-response");
    reasons.setId("attempt-reasons");
    calibration.addClassNames("notice", "notice-warn");
    calibration.setVisible(false);

    trace.addColumn(TraceEntry::stage).setHeader("Side").setAutoWidth(true);
    trace.addColumn(TraceEntry::check).setHeader("Check").setAutoWidth(true);
    trace.addColumn(e -> e.label() == null ? e.type() : e.type() + " · " + e.label()).setHeader("Type").setAutoWidth(true);
    trace.addColumn(e -> number(e.score())).setHeader("Score").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    trace.addColumn(e -> number(e.threshold())).setHeader("Threshold").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    trace.addComponentColumn(e -> {
      Span verdict = new Span(e.verdict());
      verdict.addClassNames("verdict", "verdict-" + e.verdict());
      return verdict;
    }).setHeader("Verdict").setAutoWidth(true);
    trace.addColumn(TraceEntry::action).setHeader("Action").setAutoWidth(true);
    trace.addColumn(e -> e.normalizations() == null || e.normalizations().isEmpty() ? "none"
        : String.join(", ", e.normalizations())).setHeader("Normalisations").setAutoWidth(true);
    trace.addColumn(TracePanel::evidence).setHeader("Evidence").setWidth("16em").setFlexGrow(3);
    trace.addColumn(e -> String.format(Locale.ROOT, "%.2f ms", e.latencyMs())).setHeader("Latency")
        .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    trace.addColumn(e -> e.modelVersion() == null ? "" : e.modelVersion()).setHeader("Model").setAutoWidth(true);
    trace.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    trace.setAllRowsVisible(true);
    trace.setId("attempt-trace");

    Div header = new Div(decision, summary);
    header.addClassName("decision-line");
    add(new H3("Decision"), header, servedLabel, served, reasons, calibration, new H3("Trace"), trace);
    setVisible(false);
  }

  /** A decision just made by the engine: with the response it would serve. */
  public void show(String policy, int version, Evaluation evaluation, double latencyMs) {
    show(policy, version, evaluation.decision(), evaluation.reasons(), evaluation.trace(), latencyMs);
    served.setText(evaluation.response() == null ? "(no response: only the input checks ran)" : evaluation.response());
    servedLabel.setVisible(true);
    served.setVisible(true);
    calibration.setText(String.join("\n", evaluation.calibration()));
    calibration.setVisible(!evaluation.calibration().isEmpty());
  }

  /** A decision read back from the audit, which keeps what was decided and why, not the response served. */
  public void show(String policy, int version, String outcome, List<String> why, List<TraceEntry> checks,
      double latencyMs) {
    decision.setText(outcome);
    decision.getElement().setAttribute("data-decision", outcome);
    summary.setText(String.format(Locale.ROOT, "policy %s, version %d · %d %s ran · %.1f ms", policy, version,
        checks.size(), checks.size() == 1 ? "check" : "checks", latencyMs));
    servedLabel.setVisible(false);
    served.setVisible(false);
    calibration.setVisible(false);
    reasons.removeAll();
    why.forEach(r -> reasons.add(new ListItem(r)));
    trace.setItems(checks);
    setVisible(true);
  }

  /** What a check saw: the text a rule matched, the phrases that moved a classifier, or its error. */
  static String evidence(TraceEntry entry) {
    if (entry.error() != null) {
      return "error: " + entry.error();
    }
    if (entry.matched() != null) {
      return "matched: " + entry.matched();
    }
    List<Contribution> explanation = entry.explanation();
    if (explanation != null && !explanation.isEmpty()) {
      return explanation.stream().limit(5)
          .map(c -> String.format(Locale.ROOT, "%s (%+.2f)", c.phrase(), c.weight()))
          .collect(Collectors.joining(", "));
    }
    return "";
  }

  private static String number(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
  }
}
