package dev.assay.ui.views.models;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import dev.assay.trainer.evaluation.Estimate;
import dev.assay.trainer.evaluation.EvaluationFigures;
import dev.assay.trainer.registry.ModelComparisons.ComparedModel;
import dev.assay.trainer.registry.ModelComparisons.Comparison;
import dev.assay.ui.components.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Models side by side: their metrics with 95% intervals, the reliability diagram, the length-bias figure and
 * per-source accuracy, each model's figures measured on its own snapshot's test split.
 */
class ComparisonPanel extends Div {
  private static final String[] LENGTH_BINS = {"shortest 20%", "2nd", "middle", "4th", "longest 20%"};

  /** One row of a side-by-side table: a figure and its estimate for each model (by column). */
  private record Row(String name, Map<Long, Estimate> byModel) {}

  ComparisonPanel() {
    setId("model-comparison");
    addClassName("card");
    setVisible(false);
  }

  void show(Comparison comparison) {
    removeAll();
    List<ComparedModel> models = comparison.models();
    add(new H3("Comparison of " + String.join(", ", models.stream().map(m -> m.model().version()).toList())));
    add(new H4("Metrics with 95% intervals"), table("metric-table", "Metric", metricRows(models), models));
    for (ComparedModel model : models) {
      Paragraph where = new Paragraph(model.model().version() + ": " + (model.figures() == null
          ? model.figuresUnavailable() : "figures measured on the " + model.evaluatedOn()
              + " (" + model.figures().pairs() + " decided pairs)"));
      where.addClassName("muted");
      add(where);
    }
    List<ComparedModel> measured = models.stream().filter(m -> m.figures() != null).toList();
    if (measured.isEmpty()) {
      setVisible(true);
      return;
    }
    SvgChart reliability = new SvgChart("Reliability diagram: accuracy per confidence bin, against perfect calibration");
    reliability.setId("reliability-chart");
    List<SvgChart.Series> calibration = new ArrayList<>();
    List<String> bins = measured.getFirst().figures().reliability().stream()
        .map(b -> String.format(Locale.ROOT, "%.1f–%.1f", b.from(), b.to())).toList();
    calibration.add(new SvgChart.Series("perfectly calibrated", measured.getFirst().figures().reliability().stream()
        .map(b -> (b.from() + b.to()) / 2).toList(), true));
    for (ComparedModel model : measured) {
      calibration.add(new SvgChart.Series(model.model().version(), model.figures().reliability().stream()
          .map(EvaluationFigures.ReliabilityBin::accuracy).toList(), false));
    }
    reliability.showSeries(calibration, bins, 0, 1, "%.2f");

    SvgChart length = new SvgChart("Mean standardised reward by response length");
    length.setId("length-bias-chart");
    List<SvgChart.Series> byLength = new ArrayList<>();
    byLength.add(new SvgChart.Series("no length effect", List.of(0.0, 0.0, 0.0, 0.0, 0.0), true));
    for (ComparedModel model : measured) {
      byLength.add(new SvgChart.Series(model.model().version(), model.figures().lengthBias().rewardByLength().stream()
          .map(b -> b.meanStandardisedReward()).toList(), false));
    }
    length.showSeries(byLength, List.of(LENGTH_BINS), -1.5, 1.5, "%.1f");
    Div lengthFigure = new Div(new H4("Length bias"), length);
    for (ComparedModel model : measured) {
      EvaluationFigures.LengthBias bias = model.figures().lengthBias();
      lengthFigure.add(new Paragraph(String.format(Locale.ROOT,
          "%s rewards the longer response higher in %s of pairs; the raters chose it in %s",
          model.model().version(), percent(bias.modelPrefersLonger()), percent(bias.ratersPreferLonger()))));
    }
    Div figures = new Div(new Div(new H4("Calibration (reliability diagram)"), reliability), lengthFigure);
    figures.addClassName("comparison-figures");
    add(figures, new H4("Accuracy per source"), table("source-table", "Source", sourceRows(measured), measured));
    setVisible(true);
  }

  private static List<Row> metricRows(List<ComparedModel> models) {
    Map<String, Map<Long, Estimate>> rows = new LinkedHashMap<>();
    for (ComparedModel model : models) {
      for (Estimate metric : model.model().metrics()) {
        // the figures' ECE carries a bootstrap interval; the stored report's does not
        if (!(metric.name().equals("ece") && model.figures() != null)) {
          rows.computeIfAbsent(metric.name(), k -> new LinkedHashMap<>()).put(model.model().id(), metric);
        }
      }
      if (model.figures() != null) {
        rows.computeIfAbsent("ece", k -> new LinkedHashMap<>()).put(model.model().id(), model.figures().ece());
        rows.computeIfAbsent("prefers_longer", k -> new LinkedHashMap<>())
            .put(model.model().id(), model.figures().lengthBias().modelPrefersLonger());
      }
    }
    return rows.entrySet().stream().map(e -> new Row(e.getKey(), e.getValue())).toList();
  }

  private static List<Row> sourceRows(List<ComparedModel> models) {
    Set<String> sources = new LinkedHashSet<>();
    models.forEach(m -> m.figures().accuracyBySource().forEach(s -> sources.add(s.name())));
    return sources.stream().map(source -> {
      Map<Long, Estimate> byModel = new LinkedHashMap<>();
      models.forEach(m -> m.figures().accuracyBySource().stream().filter(s -> s.name().equals(source)).findFirst()
          .ifPresent(s -> byModel.put(m.model().id(), s)));
      return new Row(source, byModel);
    }).toList();
  }

  private static Grid<Row> table(String id, String header, List<Row> rows, List<ComparedModel> models) {
    Grid<Row> grid = new Grid<>();
    grid.setId(id);
    grid.addColumn(Row::name).setHeader(header).setAutoWidth(true).setFlexGrow(0);
    for (ComparedModel model : models) {
      long modelId = model.model().id();
      grid.addColumn(row -> row.byModel().containsKey(modelId) ? cell(row.byModel().get(modelId)) : "—")
          .setHeader(model.model().version()).setAutoWidth(true);
    }
    grid.setItems(rows);
    grid.setAllRowsVisible(true);
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    return grid;
  }

  private static String cell(Estimate estimate) {
    String value = RegistryTable.estimate(estimate);
    return estimate.n() == null ? value : value + " (n=" + estimate.n() + ")";
  }

  private static String percent(Estimate share) {
    return share.low() == null ? String.format(Locale.ROOT, "%.0f%%", 100 * share.value())
        : String.format(Locale.ROOT, "%.0f%% [%.0f, %.0f]", 100 * share.value(), 100 * share.low(), 100 * share.high());
  }
}
