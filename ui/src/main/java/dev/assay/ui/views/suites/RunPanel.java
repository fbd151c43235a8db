package dev.assay.ui.views.suites;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.assay.guardrail.suite.run.RunComparison;
import dev.assay.guardrail.suite.run.StoredOutcome;
import dev.assay.guardrail.suite.run.StoredRun;
import dev.assay.ui.components.OneLine;
import dev.assay.ui.components.StatTile;
import dev.assay.ui.components.SvgChart;
import dev.assay.ui.data.PagedFetch;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One stored run: its counts, the metrics table, a bar chart per grouped metric (attack success per
 * mutation and per template...), the failing probes (paged) and what changed since the run it is compared
 * with. Holds no service: the view hands it the run, its comparison and a reader of its failing probes.
 */
public class RunPanel extends Div {
  private static final int KEYS_SHOWN = 20;

  private final Span heading = new Span();
  private final Div stats = new Div();
  private final Grid<RunMetrics.Row> metrics = new Grid<>();
  private final Div charts = new Div();
  private final Grid<StoredOutcome> failing = new Grid<>();
  private final Div comparison = new Div();

  public RunPanel() {
    addClassNames("card", "run-panel");
    setId("run-detail");
    heading.addClassName("muted");
    stats.addClassName("stat-row");
    stats.setId("run-stats");
    metrics.addColumn(RunMetrics.Row::name).setHeader("Metric").setFlexGrow(2);
    metrics.addColumn(RunMetrics.Row::valueText).setHeader("Value").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    metrics.addColumn(RunMetrics.Row::countText).setHeader("Count").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    metrics.addColumn(RunMetrics.Row::ciText).setHeader("95% interval").setAutoWidth(true);
    metrics.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    metrics.setAllRowsVisible(true);
    metrics.setId("run-metrics");
    charts.addClassName("cards");
    charts.setId("run-charts");
    failing.addColumn(StoredOutcome::key).setHeader("Probe").setAutoWidth(true);
    failing.addColumn(o -> o.category() == null ? "" : o.category()).setHeader("Category").setAutoWidth(true);
    failing.addColumn(o -> o.tags().getOrDefault("mutation", "")).setHeader("Mutation").setAutoWidth(true);
    failing.addColumn(o -> o.expected() + " → " + (o.decision() == null ? "?" : o.decision())).setHeader("Expected → got")
        .setAutoWidth(true);
    failing.addColumn(o -> OneLine.of("output".equals(o.side()) ? o.response() : o.prompt())).setHeader("Text").setFlexGrow(3);
    failing.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    failing.setPageSize(PagedFetch.PAGE_SIZE);
    failing.setHeight("24em");
    failing.setId("run-failures");
    comparison.setId("run-comparison");
    add(new H3("Run"), heading, stats, new H4("Metrics"), metrics, charts, new H4("Failing probes"), failing,
        new H4("Since the previous run"), comparison);
    setVisible(false);
  }

  /**
   * @param compared the comparison with the previous run of the same suite and kind of target; null for a first run
   * @param failures reads the run's failing probes page by page
   */
  public void show(StoredRun run, RunComparison compared, PagedFetch.Pages<StoredOutcome> failures) {
    heading.setText("Run #" + run.id() + " of " + run.suite() + " v" + run.suiteVersion() + " against "
        + target(run));
    stats.removeAll();
    stats.add(StatTile.of(String.valueOf(run.probes()), "probes"), StatTile.of(String.valueOf(run.failures()), "failures"));
    metrics.setItems(RunMetrics.rows(run.metrics()));
    charts.removeAll();
    RunMetrics.charts(run.metrics()).forEach((name, bars) -> {
      SvgChart chart = new SvgChart(name);
      chart.showBars(bars, RunMetrics.isShare(name) ? 1.0 : 0, "%.2f");
      Div card = new Div(new Paragraph(name.replace('_', ' ')), chart);
      card.addClassName("chart-card");
      card.getElement().setAttribute("data-metric", name);
      charts.add(card);
    });
    failing.setItems(query -> PagedFetch.window(failures, query.getOffset(), query.getLimit()),
        query -> run.failures());
    comparison.removeAll();
    if (compared == null) {
      comparison.add(new Paragraph("The first run of this suite against this kind of target: nothing to compare."));
    } else {
      comparison.add(new Paragraph("Compared with run #" + compared.baseline() + ": " + compared.newlyFailing().size()
          + " newly failing, " + compared.fixed().size() + " fixed, " + compared.stillFailing().size()
          + " still failing."));
      comparison.add(keys("Newly failing", "run-newly-failing", compared.newlyFailing()));
      comparison.add(keys("Fixed", "run-fixed", compared.fixed()));
      if (!compared.metricDeltas().isEmpty()) {
        comparison.add(new Paragraph("Change: " + compared.metricDeltas().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %+.4f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", "))));
      }
    }
    setVisible(true);
  }

  static String target(StoredRun run) {
    String policy = run.policyName() == null ? null : "policy " + run.policyName()
        + (run.policyVersion() == null ? "" : " v" + run.policyVersion());
    String model = run.modelId() == null && run.modelVersion() == null ? null : "model " + run.modelVersion();
    return policy == null ? model : model == null ? policy : policy + " and " + model;
  }

  private static Div keys(String label, String id, List<String> keys) {
    String shown = keys.isEmpty() ? "none" : keys.stream().limit(KEYS_SHOWN).collect(Collectors.joining(", "))
        + (keys.size() > KEYS_SHOWN ? " and " + (keys.size() - KEYS_SHOWN) + " more" : "");
    Div line = new Div(new Span(label + ": "), new Span(shown));
    line.setId(id);
    line.getElement().setAttribute("data-count", String.valueOf(keys.size()));
    return line;
  }
}
