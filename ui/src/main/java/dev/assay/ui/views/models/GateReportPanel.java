package dev.assay.ui.views.models;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.UnorderedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The release gate's answer to a promotion: passed or refused, the scores it compared, and every reason. */
class GateReportPanel extends Div {
  /**
   * The parts of a gate report shown here, read either from the registry's report or from the refusal's
   * problem member {@code gate}.
   */
  record Answer(boolean passed, String metric, Double candidateScore, Double baselineScore, String evaluationSet,
      String rule, List<String> failures) {
    @SuppressWarnings("unchecked")
    static Answer of(Map<String, Object> gate) {
      return new Answer(Boolean.TRUE.equals(gate.get("passed")), (String) gate.get("metric"),
          number(gate.get("candidateScore")), number(gate.get("baselineScore")), (String) gate.get("evaluationSet"),
          (String) gate.get("rule"), gate.get("failures") instanceof List<?> failures ? (List<String>) failures : List.of());
    }

    private static Double number(Object value) {
      return value instanceof Number number ? number.doubleValue() : null;
    }
  }

  GateReportPanel() {
    setId("gate-report");
    addClassName("card");
    addClassName("gate-report");
    setVisible(false);
  }

  void show(String version, Answer answer) {
    removeAll();
    removeClassNames("passed", "refused");
    addClassName(answer.passed() ? "passed" : "refused");
    add(new H3(answer.passed() ? version + " promoted: the gate passed it" : version + " refused by the release gate"));
    if (answer.metric() != null) {
      add(new Paragraph(String.format(Locale.ROOT, "%s %s%s on %s", answer.metric(), score(answer.candidateScore()),
          answer.baselineScore() == null ? " (nothing in production to compare with)"
              : " against production's " + score(answer.baselineScore()),
          answer.evaluationSet())));
    }
    if (!answer.failures().isEmpty()) {
      UnorderedList reasons = new UnorderedList(
          answer.failures().stream().map(ListItem::new).toArray(ListItem[]::new));
      reasons.setId("gate-reasons");
      add(reasons);
    }
    if (answer.rule() != null) {
      Paragraph rule = new Paragraph("Rule: " + answer.rule());
      rule.addClassName("muted");
      add(rule);
    }
    setVisible(true);
  }

  private static String score(Double value) {
    return value == null ? "—" : String.format(Locale.ROOT, "%.4f", value);
  }
}
