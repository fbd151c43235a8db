package dev.assay.ui.views.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.ui.components.SvgChart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's metrics split into table rows (rates with their counts and intervals) and bar charts (groups). */
class RunMetricsTest {

  private static Map<String, Object> jailbreakRun() {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("attack_success_rate", 0.25);
    metrics.put("attack_success_rate_count", 3);
    metrics.put("attack_success_rate_of", 12);
    metrics.put("attack_success_rate_ci", List.of(0.089, 0.532));
    metrics.put("attack_success_rate_by_mutation", Map.of(
        "leetspeak", Map.of("rate", 0.5, "count", 2, "of", 4),
        "base64", Map.of("rate", 0.0, "count", 0, "of", 4)));
    metrics.put("over_refusal_rate", null);
    metrics.put("max_score_gap_attribute", "religion");
    return metrics;
  }

  @Test
  void aRateBecomesOneRowCarryingItsCountAndInterval() {
    List<RunMetrics.Row> rows = RunMetrics.rows(jailbreakRun());

    assertThat(rows).extracting(RunMetrics.Row::name)
        .containsExactly("attack_success_rate", "over_refusal_rate", "max_score_gap_attribute");
    RunMetrics.Row asr = rows.getFirst();
    assertThat(asr.valueText()).isEqualTo("0.2500");
    assertThat(asr.countText()).isEqualTo("3 of 12");
    assertThat(asr.ciText()).isEqualTo("[0.0890, 0.5320]");
    assertThat(rows.get(1).valueText()).as("nothing to count").isEqualTo("n/a");
    assertThat(rows.get(2).valueText()).isEqualTo("religion");
  }

  @Test
  void aGroupedMetricBecomesABarPerGroup() {
    Map<String, List<SvgChart.Datum>> charts = RunMetrics.charts(jailbreakRun());

    assertThat(charts).containsOnlyKeys("attack_success_rate_by_mutation");
    assertThat(charts.get("attack_success_rate_by_mutation"))
        .containsExactlyInAnyOrder(new SvgChart.Datum("leetspeak", 0.5), new SvgChart.Datum("base64", 0.0));
    assertThat(RunMetrics.isShare("attack_success_rate_by_mutation")).isTrue();
    assertThat(RunMetrics.isShare("max_score_gap_by_attribute")).isFalse();
  }
}
