package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

  @Test
  void aCurveMarksItsChosenPointWhereItsCoordinatesPutItAndEscapesItsLabels() {
    List<SvgChart.Point> points = List.of(new SvgChart.Point(0, 1, "t=0"), new SvgChart.Point(0.5, 0.8, "t=1"),
        new SvgChart.Point(1, 0.4, "t=2"));
    String svg = SvgChart.curve(points, new SvgChart.Point(0.5, 0.8, "threshold <b>1</b>"), "recall", "precision");

    assertThat(svg).contains("<polyline class=\"line\"").containsOnlyOnce("class=\"marked\"");
    // x: 44 + 584 * 0.5; y: 186 - 172 * 0.8
    assertThat(svg).contains("<circle class=\"marked\" cx=\"336.0\" cy=\"48.4\"");
    assertThat(svg).contains("threshold &lt;b&gt;1&lt;/b&gt;").doesNotContain("<b>");
    assertThat(SvgChart.curve(List.of(), null, "recall", "precision")).contains("No data yet");
  }

  @Test
  void linesPerEpochDrawAPointPerValueInEachSeriesAndSkipTheGapsOfAShorterOne() {
    String svg = SvgChart.lines(List.of(new SvgChart.Series("loss", List.of(0.9, 0.6, 0.4)),
        new SvgChart.Series("eval_loss", List.of(0.95, 0.7))), "epoch", "%.2f");

    assertThat(svg.split("class=\"point series-0\"", -1)).hasSize(4);
    assertThat(svg.split("class=\"point series-1\"", -1)).hasSize(3);
    assertThat(svg).contains("loss, epoch 3: 0.40").contains(">eval_loss</text>");
    assertThat(SvgChart.lines(List.of(), "epoch", "%.2f")).contains("No data yet");
  }

  @Test
  void aReferenceSeriesIsDrawnWithoutPointsAndOutsideTheMeasuredColours() {
    String svg = SvgChart.series(List.of(new SvgChart.Series("perfectly calibrated", List.of(0.0, 1.0), true),
        new SvgChart.Series("v1", Arrays.asList(0.1, null), false)), List.of("0.0-0.5", "0.5-1.0"), 0, 1, "%.1f");

    assertThat(svg).contains("class=\"line reference\"").doesNotContain("point reference");
    assertThat(svg.split("class=\"point series-0\"", -1)).hasSize(2);
  }
}
