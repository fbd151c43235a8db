package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

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
}
