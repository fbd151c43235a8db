package dev.assay.ui.views.suites;

import dev.assay.ui.components.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's metrics as the screen shows them. The runner reports a rate {@code r} with {@code r_count},
 * {@code r_of} and {@code r_ci} beside it, and a grouped metric ({@code _by_template}, {@code _by_mutation},
 * {@code _by_type}, {@code _by_attribute}) as a map from each group to its {@code rate} (or {@code gap}),
 * count and interval: the first become table rows, the second bar charts.
 */
public final class RunMetrics {
  private static final List<String> COMPANIONS = List.of("_count", "_of", "_ci");

  private RunMetrics() {}

  /**
   * One metric of the table.
   *
   * @param value the number, or a text (e.g. the attribute with the largest score gap); null when there was
   *     nothing to count
   */
  public record Row(String name, Object value, Number count, Number of, List<?> ci) {
    public String valueText() {
      return value instanceof Number n ? format(n.doubleValue()) : value == null ? "n/a" : value.toString();
    }

    public String countText() {
      return count == null && of == null ? "" : (count == null ? "" : count + " of ") + (of == null ? "" : of);
    }

    public String ciText() {
      return ci == null || ci.size() != 2 ? "" : "[" + format(((Number) ci.get(0)).doubleValue()) + ", "
          + format(((Number) ci.get(1)).doubleValue()) + "]";
    }
  }

  /** Every metric that is not a companion of another or a grouped map, in the runner's order. */
  public static List<Row> rows(Map<String, Object> metrics) {
    List<Row> rows = new ArrayList<>();
    metrics.forEach((name, value) -> {
      if (value instanceof Map<?, ?> || isCompanion(name, metrics)) {
        return;
      }
      rows.add(new Row(name, value, number(metrics.get(name + "_count")), number(metrics.get(name + "_of")),
          metrics.get(name + "_ci") instanceof List<?> ci ? ci : null));
    });
    return rows;
  }

  /** A bar per group of every grouped metric, by the metric's name; groups without a value are left out. */
  public static Map<String, List<SvgChart.Datum>> charts(Map<String, Object> metrics) {
    Map<String, List<SvgChart.Datum>> charts = new LinkedHashMap<>();
    metrics.forEach((name, value) -> {
      if (!(value instanceof Map<?, ?> groups) || !name.contains("_by_")) {
        return;
      }
      List<SvgChart.Datum> bars = new ArrayList<>();
      groups.forEach((group, entry) -> {
        if (entry instanceof Map<?, ?> fields) {
          Object bar = fields.containsKey("rate") ? fields.get("rate") : fields.get("gap");
          if (bar instanceof Number n) {
            bars.add(new SvgChart.Datum(String.valueOf(group), n.doubleValue()));
          }
        }
      });
      if (!bars.isEmpty()) {
        charts.put(name, bars);
      }
    });
    return charts;
  }

  /** Whether the charted values are shares (drawn on a 0 to 1 axis) rather than score gaps. */
  public static boolean isShare(String groupedMetric) {
    return !groupedMetric.startsWith("max_score_gap");
  }

  /** {@code attack_success_rate_count} is a companion when {@code attack_success_rate} is reported. */
  private static boolean isCompanion(String name, Map<String, Object> metrics) {
    for (String suffix : COMPANIONS) {
      if (name.endsWith(suffix) && metrics.containsKey(name.substring(0, name.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  private static Number number(Object value) {
    return value instanceof Number n ? n : null;
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
