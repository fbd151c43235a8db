package dev.assay.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.ui.components.SvgChart.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The charts as the SVG text they draw: positions follow the values, and every name is escaped. */
class SvgChartTest {
  private static final Pattern RECT = Pattern.compile("<rect class=\"bar ([^\"]+)\" x=\"[\\d.]+\" y=\"([\\d.]+)\""
      + " width=\"[\\d.]+\" height=\"([\\d.]+)\"");
  // the plot spans y 14 (top) to 186 (baseline): 220 high, 14 above, 34 below
  private static final double PLOT = 172;

  @Test
  void linesDrawOnePolylinePerSeriesScaledToTheLargestValueWithALegend() {
    String svg = SvgChart.series(
        List.of(new Series("allow", List.of(2.0, 4.0, 1.0)), new Series("block", List.of(0.0, 1.0, 3.0))),
        List.of("09:00", "10:00", "11:00"), "%.0f");

    List<String> polylines = all(svg, "<polyline class=\"line (series-\\d)\" points=\"([^\"]+)\"");
    assertThat(polylines).containsExactly("series-0", "series-1");
    Matcher allow = Pattern.compile("<polyline class=\"line series-0\" points=\"([^\"]+)\"").matcher(svg);
    assertThat(allow.find()).isTrue();
    String[] points = allow.group(1).split(" ");
    assertThat(y(points[1])).as("4 is the top of a 0-4 axis").isCloseTo(14, Offset.offset(0.1));
    assertThat(y(points[2])).isCloseTo(186 - PLOT / 4, Offset.offset(0.1));
    assertThat(svg).contains(">allow</text>", ">block</text>", "<title>block, 11:00: 3</title>");
  }

  @Test
  void stackedBarsPutEachSeriesOnTheOnesBeforeItAndSkipZeros() {
    String svg = SvgChart.stackedBars(List.of("a", "b"),
        List.of(new Series("allow", List.of(2.0, 0.0)), new Series("block", List.of(2.0, 1.0))), "%.0f");

    List<double[]> rects = new ArrayList<>();
    Matcher m = RECT.matcher(svg);
    List<String> classes = new ArrayList<>();
    while (m.find()) {
      classes.add(m.group(1));
      rects.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
    }
    assertThat(classes).containsExactly("series-0", "series-1", "series-1");
    assertThat(rects.get(0)[1]).as("2 of a 0-4 axis").isCloseTo(PLOT / 2, Offset.offset(0.1));
    assertThat(rects.get(1)[0] + rects.get(1)[1]).as("block sits on allow").isCloseTo(rects.get(0)[0], Offset.offset(0.1));
    assertThat(rects.get(1)[0]).as("the stack of 4 reaches the top").isCloseTo(14, Offset.offset(0.1));
  }

  @Test
  void aHistogramComparesSharesSoDistributionsOfDifferentSizesOverlay() {
    String svg = SvgChart.histogram(List.of(1L, 3L), List.of(50L, 50L), 0, 1, "%.1f");

    Matcher m = RECT.matcher(svg);
    List<Double> heights = new ArrayList<>();
    while (m.find()) {
      heights.add(Double.parseDouble(m.group(3)));
    }
    // 25% and 75% now on a 0-100% axis
    assertThat(heights).hasSize(2);
    assertThat(heights.get(0)).isCloseTo(PLOT * 25 / 100, Offset.offset(0.1));
    assertThat(heights.get(1)).isCloseTo(PLOT * 75 / 100, Offset.offset(0.1));
    Matcher reference = Pattern.compile("<polyline class=\"reference\" points=\"([^\"]+)\"").matcher(svg);
    assertThat(reference.find()).isTrue();
    assertThat(y(reference.group(1).split(" ")[0])).as("50% of the reference").isCloseTo(186 - PLOT / 2, Offset.offset(0.1));
    assertThat(svg).contains("now (4)", "reference (100)", "0.5–1.0: 75.0% now, 50.0% before");

    assertThat(SvgChart.histogram(List.of(2L, 0L), List.of(0L, 0L), 0, 1, "%.1f")).doesNotContain("class=\"reference\"");
    assertThat(SvgChart.histogram(List.of(0L, 0L), List.of(0L, 0L), 0, 1, "%.1f")).contains("No data yet");
  }

  @Test
  void aGaugeNamesItsStateAndClampsItsNeedleToTheDial() {
    assertThat(SvgChart.gauge(0.05, 0.1, 0.25, 0.5, "%.2f")).contains("gauge-value ok", ">0.05<");
    assertThat(SvgChart.gauge(0.12, 0.1, 0.25, 0.5, "%.2f")).contains("gauge-value warn");
    String over = SvgChart.gauge(2.0, 0.1, 0.25, 0.5, "%.2f");
    assertThat(over).contains("gauge-value alarm", ">2.00<");
    Matcher needle = Pattern.compile("<line class=\"needle\" x1=\"([\\d.]+)\" y1=\"([\\d.]+)\" x2=\"([\\d.]+)\" y2=\"([\\d.]+)\"")
        .matcher(over);
    assertThat(needle.find()).isTrue();
    assertThat(Double.parseDouble(needle.group(4))).as("flat to the right at the end of the dial")
        .isCloseTo(Double.parseDouble(needle.group(2)), Offset.offset(0.1));
    assertThat(Double.parseDouble(needle.group(3))).isGreaterThan(Double.parseDouble(needle.group(1)));
    String none = SvgChart.gauge(null, 0.1, 0.25, 0.5, "%.2f");
    assertThat(none).doesNotContain("needle").contains(">–<");
  }

  @Test
  void seriesAndLabelNamesAreEscaped() {
    String svg = SvgChart.stackedBars(List.of("<b>x</b>"), List.of(new Series("<script>alert(1)</script>", List.of(1.0))), "%.0f");
    assertThat(svg).doesNotContain("<script>", "<b>").contains("&lt;script&gt;");
  }

  private static List<String> all(String svg, String regex) {
    Matcher m = Pattern.compile(regex).matcher(svg);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static double y(String point) {
    return Double.parseDouble(point.split(",")[1]);
  }


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
