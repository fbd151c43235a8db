package dev.assay.ui.components;

import com.vaadin.flow.component.html.Div;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Small bar, line and curve charts drawn as server-side SVG (no JavaScript, no chart library). Every label is
 * escaped; the SVG scales to its container's width.
 */
public class SvgChart extends Div {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 220;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 14;
  private static final int BOTTOM = 34;
  /** Room under the x labels for a legend. */
  private static final int LEGEND = 20;
  private static final int SERIES_COLOURS = 8;
  private static final int GAUGE_WIDTH = 200;
  private static final int GAUGE_HEIGHT = 124;
  private static final int GAUGE_RADIUS = 80;

  /** One bar or one point: its label on the x axis and its value. */
  public record Datum(String label, double value) {}

  /**
   * One line of a multi-line chart: a value per x label, null where it has none (the line skips the gap).
   *
   * @param reference drawn dashed and without points: a guide such as perfect calibration, not a measurement
   */
  public record Series(String name, List<Double> values, boolean reference) {
    /** A measured line. */
    public Series(String name, List<Double> values) {
      this(name, values, false);
    }
  }

  /** An estimate with its interval, e.g. a rating and its 95% bootstrap interval. */
  public record Interval(String label, double value, double lower, double upper) {}
  /** A point of a curve on the unit square, e.g. (recall, precision), named in its tooltip. */
  public record Point(double x, double y, String label) {}

  public SvgChart(String title) {
    addClassName("svg-chart");
    getElement().setAttribute("role", "img");
    getElement().setAttribute("aria-label", title);
  }

  public void showBars(List<Datum> data, double max, String valueFormat) {
    getElement().setProperty("innerHTML", bars(data, max, valueFormat));
  }

  public void showLine(List<Datum> data, String valueFormat) {
    getElement().setProperty("innerHTML", line(data, valueFormat));
  }

  public void showLines(List<Series> series, String xName, String valueFormat) {
    getElement().setProperty("innerHTML", lines(series, xName, valueFormat));
  }

  public void showIntervals(List<Interval> data, String valueFormat) {
    getElement().setProperty("innerHTML", intervals(data, valueFormat));
  }

  /**
   * Several lines over the same x = 1..n (e.g. a metric per epoch, training and evaluation), scaled to the
   * range of all their values, with a legend.
   */
  public static String lines(List<Series> series, String xName, String valueFormat) {
    int n = series.stream().mapToInt(s -> s.values().size()).max().orElse(0);
    double[] range = paddedRange(series.stream().flatMap(s -> s.values().stream())
        .filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray());
    List<String> xLabels = IntStream.rangeClosed(1, n).mapToObj(i -> xName + " " + i).toList();
    return series(series, xLabels, range[0], range[1], valueFormat);
  }

  public void showStackedBars(List<String> labels, List<Series> series, String valueFormat) {
    getElement().setProperty("innerHTML", stackedBars(labels, series, valueFormat));
  }
  public void showHistogram(List<Long> current, List<Long> reference, double low, double high, String edgeFormat) {
    getElement().setProperty("innerHTML", histogram(current, reference, low, high, edgeFormat));
  }
  public void showGauge(Double value, double warn, double alarm, double max, String valueFormat) {
    getElement().setProperty("innerHTML", gauge(value, warn, alarm, max, valueFormat));
  }
  public void showSeries(List<Series> series, List<String> xLabels, String valueFormat) {
    getElement().setProperty("innerHTML", series(series, xLabels, valueFormat));
  }

  public void showSeries(List<Series> series, List<String> xLabels, double yMin, double yMax, String valueFormat) {
    getElement().setProperty("innerHTML", series(series, xLabels, yMin, yMax, valueFormat));
  }

  /**
   * Several lines over the same x labels in a fixed value range, each in its own colour ({@code series-0},
   * {@code series-1}, ...) with a legend, so models can be read against each other.
   */
  public static String series(List<Series> series, List<String> xLabels, double yMin, double yMax, String valueFormat) {
    StringBuilder svg = open(HEIGHT + LEGEND);
    if (series.isEmpty() || xLabels.isEmpty()) {
      return empty(svg);
    }
    axes(svg, yMin, yMax, valueFormat);
    double step = xLabels.size() == 1 ? 0 : (double) (WIDTH - LEFT - RIGHT - 20) / (xLabels.size() - 1);
    for (int i = 0; i < xLabels.size(); i++) {
      xLabel(svg, LEFT + 10 + step * i, xLabels.get(i), xLabels.size());
    }
    List<String> classes = new ArrayList<>();
    int measured = 0;
    for (Series line : series) {
      classes.add(line.reference() ? "reference" : seriesClass(measured++));
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < Math.min(line.values().size(), xLabels.size()); i++) {
        Double value = line.values().get(i);
        if (value == null) {
          continue;
        }
        double x = LEFT + 10 + step * i;
        double y = HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (Math.clamp(value, yMin, yMax) - yMin) / (yMax - yMin);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        if (!line.reference()) {
          svg.append(String.format(Locale.ROOT,
              "<circle class=\"point %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s, %s: %s</title></circle>",
              classes.get(s), x, y, SafeMarkdown.escape(line.name()), SafeMarkdown.escape(xLabels.get(i)),
              format(valueFormat, value)));
        }
      }
      svg.append("<polyline class=\"line ").append(classes.get(s)).append("\" points=\"")
          .append(points.toString().strip()).append("\"/>");
    }
    legend(svg, series.stream().map(Series::name).toList(), classes);
    return svg.append("</svg>").toString();
  }

  /** {@link #series} from 0 to a round number above the largest value. */
  public static String series(List<Series> series, List<String> xLabels, String valueFormat) {
    double top = niceMax(series.stream().flatMap(s -> s.values().stream()).filter(Objects::nonNull)
        .mapToDouble(Double::doubleValue).max().orElse(1));
    return series(series, xLabels, 0, top, valueFormat);
  }

  /** Estimates as points with their intervals drawn as whiskers, one per label, in the order given. */
  public static String intervals(List<Interval> data, String valueFormat) {
    StringBuilder svg = open();
    if (data.isEmpty()) {
      return empty(svg);
    }
    double[] range = paddedRange(data.stream()
        .flatMapToDouble(d -> DoubleStream.of(d.lower(), d.value(), d.upper())).toArray());
    axes(svg, range[0], range[1], valueFormat);
    double slot = (double) (WIDTH - LEFT - RIGHT) / data.size();
    for (int i = 0; i < data.size(); i++) {
      Interval d = data.get(i);
      double x = LEFT + slot * i + slot / 2;
      double top = y(d.upper(), range[0], range[1]);
      double bottom = y(d.lower(), range[0], range[1]);
      svg.append(String.format(Locale.ROOT,
          "<g class=\"interval\"><title>%s: %s [%s, %s]</title>"
              + "<line class=\"whisker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
              + "<line class=\"whisker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
              + "<line class=\"whisker\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
              + "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/></g>",
          SafeMarkdown.escape(d.label()), format(valueFormat, d.value()), format(valueFormat, d.lower()),
          format(valueFormat, d.upper()),
          x, x, top, bottom, x - 6, x + 6, top, top, x - 6, x + 6, bottom, bottom,
          x, y(d.value(), range[0], range[1])));
      xLabel(svg, x, d.label(), data.size());
    }
    return svg.append("</svg>").toString();
  }

  /** The values' range with 5% room above and below (a flat series gets room of its own). */
  private static double[] paddedRange(double[] values) {
    double lo = Arrays.stream(values).min().orElse(0);
    double hi = Arrays.stream(values).max().orElse(1);
    double pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.05, 0.5);
    return new double[] {lo - pad, hi + pad};
  }

  private static double y(double value, double lo, double hi) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - lo) / (hi - lo);
  }

  /** One bar per x label, each series stacked on the ones before it, with a legend below. */
  public static String stackedBars(List<String> labels, List<Series> series, String valueFormat) {
    StringBuilder svg = open(HEIGHT + LEGEND);
    if (labels.isEmpty() || series.isEmpty()) {
      return empty(svg);
    }
    double largest = 0;
    for (int i = 0; i < labels.size(); i++) {
      int at = i;
      largest = Math.max(largest, series.stream().mapToDouble(s -> s.values().get(at)).sum());
    }
    double top = niceMax(largest);
    axes(svg, top, valueFormat);
    double slot = (double) (WIDTH - LEFT - RIGHT) / labels.size();
    double barWidth = Math.max(2, Math.min(56, slot * 0.7));
    for (int i = 0; i < labels.size(); i++) {
      double x = LEFT + slot * i + (slot - barWidth) / 2;
      double y = HEIGHT - BOTTOM;
      for (int s = 0; s < series.size(); s++) {
        double value = series.get(s).values().get(i);
        if (value <= 0) {
          continue;
        }
        double h = (HEIGHT - TOP - BOTTOM) * value / top;
        y -= h;
        svg.append(String.format(Locale.ROOT,
            "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s · %s: %s</title></rect>",
            seriesClass(s), x, y, barWidth, h, SafeMarkdown.escape(series.get(s).name()),
            SafeMarkdown.escape(labels.get(i)), format(valueFormat, value)));
      }
      xLabel(svg, x + barWidth / 2, labels.get(i), labels.size());
    }
    legend(svg, series.stream().map(Series::name).toList(), seriesClasses(series.size()));
    return svg.append("</svg>").toString();
  }
  /**
   * Equal-width bins from {@code low} to {@code high} as shares of their totals: the current counts as bars,
   * the reference as a stepped line over them, so distributions of different sizes compare.
   */
  public static String histogram(List<Long> current, List<Long> reference, double low, double high, String edgeFormat) {
    StringBuilder svg = open(HEIGHT + LEGEND);
    long currentTotal = current.stream().mapToLong(Long::longValue).sum();
    long referenceTotal = reference.stream().mapToLong(Long::longValue).sum();
    if (current.isEmpty() || currentTotal + referenceTotal == 0) {
      return empty(svg);
    }
    List<Double> now = shares(current, currentTotal);
    List<Double> before = shares(reference, referenceTotal);
    double top = niceMax(Math.max(now.stream().mapToDouble(Double::doubleValue).max().orElse(0),
        before.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    axes(svg, top, "%.0f%%");
    double slot = (double) (WIDTH - LEFT - RIGHT) / now.size();
    double width = (high - low) / now.size();
    double plot = HEIGHT - TOP - BOTTOM;
    for (int i = 0; i < now.size(); i++) {
      double h = plot * now.get(i) / top;
      String bin = format(edgeFormat, low + width * i) + "–" + format(edgeFormat, low + width * (i + 1));
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar series-0\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s: %.1f%% now, %s before</title></rect>",
          LEFT + slot * i + 1, HEIGHT - BOTTOM - h, Math.max(1, slot - 2), h, bin, now.get(i),
          before.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f%%", before.get(i))));
    }
    if (referenceTotal > 0) {
      StringBuilder steps = new StringBuilder();
      for (int i = 0; i < before.size(); i++) {
        double y = HEIGHT - BOTTOM - plot * before.get(i) / top;
        steps.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", LEFT + slot * i, y, LEFT + slot * (i + 1), y));
      }
      svg.append("<polyline class=\"reference\" points=\"").append(steps.toString().strip()).append("\"/>");
    }
    for (int i = 0; i <= 4; i++) {
      double x = LEFT + (WIDTH - LEFT - RIGHT) * i / 4.0;
      svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
          x, HEIGHT - BOTTOM + 16, format(edgeFormat, low + (high - low) * i / 4.0)));
    }
    legend(svg, List.of("now (" + currentTotal + ")", "reference (" + referenceTotal + ")"), seriesClasses(2));
    return svg.append("</svg>").toString();
  }
  /**
   * A half-circle gauge from 0 to {@code max}, green below {@code warn}, amber up to {@code alarm}, red above,
   * with a needle at the value (clamped to the dial) and the value written under it; null draws no needle.
   */
  public static String gauge(Double value, double warn, double alarm, double max, String valueFormat) {
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" preserveAspectRatio=\"xMidYMid meet\">",
        GAUGE_WIDTH, GAUGE_HEIGHT));
    double cx = GAUGE_WIDTH / 2.0;
    double cy = GAUGE_RADIUS + 14;
    arc(svg, "ok", 0, Math.min(warn, max) / max, cx, cy);
    arc(svg, "warn", Math.min(warn, max) / max, Math.min(alarm, max) / max, cx, cy);
    arc(svg, "alarm", Math.min(alarm, max) / max, 1, cx, cy);
    if (value == null) {
      return svg.append(String.format(Locale.ROOT,
          "<text class=\"gauge-value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">–</text></svg>", cx, cy)).toString();
    }
    double share = Math.max(0, Math.min(1, value / max));
    double angle = Math.PI * (1 - share);
    String state = value >= alarm ? "alarm" : value >= warn ? "warn" : "ok";
    svg.append(String.format(Locale.ROOT,
        "<line class=\"needle\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        cx, cy, cx + (GAUGE_RADIUS - 6) * Math.cos(angle), cy - (GAUGE_RADIUS - 6) * Math.sin(angle)));
    svg.append(String.format(Locale.ROOT,
        "<text class=\"gauge-value %s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
        state, cx, cy + 22, format(valueFormat, value)));
    return svg.append("</svg>").toString();
  }
  /** A bar chart; {@code max} <= 0 scales to the largest value. */
  public static String bars(List<Datum> data, double max, String valueFormat) {
    StringBuilder svg = open();
    if (data.isEmpty()) {
      return empty(svg);
    }
    double top = max > 0 ? max : niceMax(data.stream().mapToDouble(Datum::value).max().orElse(1));
    axes(svg, top, valueFormat);
    double slot = (double) (WIDTH - LEFT - RIGHT) / data.size();
    double barWidth = Math.max(2, Math.min(56, slot * 0.7));
    for (int i = 0; i < data.size(); i++) {
      Datum d = data.get(i);
      double h = (HEIGHT - TOP - BOTTOM) * Math.max(0, Math.min(d.value(), top)) / top;
      double x = LEFT + slot * i + (slot - barWidth) / 2;
      double y = HEIGHT - BOTTOM - h;
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\"><title>%s: %s</title></rect>",
          x, y, barWidth, h, SafeMarkdown.escape(d.label()), format(valueFormat, d.value())));
      svg.append(String.format(Locale.ROOT,
          "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
          x + barWidth / 2, y - 4, format(valueFormat, d.value())));
      xLabel(svg, x + barWidth / 2, d.label(), data.size());
    }
    return svg.append("</svg>").toString();
  }

  /** A line chart with points, in the order given. */
  public static String line(List<Datum> data, String valueFormat) {
    StringBuilder svg = open();
    if (data.isEmpty()) {
      return empty(svg);
    }
    double top = niceMax(data.stream().mapToDouble(Datum::value).max().orElse(1));
    axes(svg, top, valueFormat);
    double step = data.size() == 1 ? 0 : (double) (WIDTH - LEFT - RIGHT - 20) / (data.size() - 1);
    StringBuilder points = new StringBuilder();
    StringBuilder area = new StringBuilder();
    double baseline = HEIGHT - BOTTOM;
    for (int i = 0; i < data.size(); i++) {
      double x = LEFT + 10 + step * i;
      double y = baseline - (HEIGHT - TOP - BOTTOM) * data.get(i).value() / top;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    area.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + 10.0, baseline)).append(points)
        .append(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + 10 + step * (data.size() - 1), baseline));
    svg.append("<polygon class=\"area\" points=\"").append(area).append("\"/>");
    svg.append("<polyline class=\"line\" points=\"").append(points.toString().strip()).append("\"/>");
    for (int i = 0; i < data.size(); i++) {
      Datum d = data.get(i);
      double x = LEFT + 10 + step * i;
      double y = baseline - (HEIGHT - TOP - BOTTOM) * d.value() / top;
      svg.append(String.format(Locale.ROOT,
          "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s: %s</title></circle>",
          x, y, SafeMarkdown.escape(d.label()), format(valueFormat, d.value())));
      xLabel(svg, x, d.label(), data.size());
    }
    return svg.append("</svg>").toString();
  }

  public void showCurve(List<Point> points, Point marked, String xAxis, String yAxis) {
    getElement().setProperty("innerHTML", curve(points, marked, xAxis, yAxis));
  }

  /**
   * A curve over the unit square in the order given (both axes 0 to 1), with one point marked and drawn to
   * its axes: e.g. a precision/recall curve with the operating threshold. {@code marked} may be null.
   */
  public static String curve(List<Point> points, Point marked, String xAxis, String yAxis) {
    StringBuilder svg = open();
    if (points.isEmpty()) {
      return empty(svg);
    }
    axes(svg, 1.0, "%.2f");
    for (int i = 0; i <= 4; i++) {
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>",
          unitX(i / 4.0), HEIGHT - BOTTOM + 14, i / 4.0));
    }
    svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
        WIDTH - RIGHT, HEIGHT - 4, SafeMarkdown.escape(xAxis)));
    svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>", LEFT + 4, TOP + 10,
        SafeMarkdown.escape(yAxis)));
    StringBuilder line = new StringBuilder();
    for (Point p : points) {
      line.append(String.format(Locale.ROOT, "%.1f,%.1f ", unitX(p.x()), unitY(p.y())));
    }
    svg.append("<polyline class=\"line\" points=\"").append(line.toString().strip()).append("\"/>");
    for (Point p : points) {
      svg.append(String.format(Locale.ROOT,
          "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\"><title>%s</title></circle>",
          unitX(p.x()), unitY(p.y()), SafeMarkdown.escape(p.label())));
    }
    if (marked != null) {
      double x = unitX(marked.x());
      double y = unitY(marked.y());
      svg.append(String.format(Locale.ROOT, "<line class=\"guide\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%d\"/>",
          x, x, y, HEIGHT - BOTTOM));
      svg.append(String.format(Locale.ROOT, "<line class=\"guide\" x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>",
          LEFT, x, y, y));
      svg.append(String.format(Locale.ROOT,
          "<circle class=\"marked\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\"><title>%s</title></circle>", x, y,
          SafeMarkdown.escape(marked.label())));
      svg.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
          x + (marked.x() > 0.7 ? -10 : 10), y - 10, marked.x() > 0.7 ? "end" : "start",
          SafeMarkdown.escape(marked.label())));
    }
    return svg.append("</svg>").toString();
  }

  private static double unitX(double x) {
    return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(1, x));
  }

  private static double unitY(double y) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * Math.max(0, Math.min(1, y));
  }

  /** The smallest of 1, 2, 2.5, 4, 5 or 10 times a power of ten that is at least {@code value}. */
  static double niceMax(double value) {
    if (value <= 4) {
      return 4;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 4, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static StringBuilder open() {
    return open(HEIGHT);
  }

  private static StringBuilder open(int height) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" preserveAspectRatio=\"xMidYMid meet\">",
        WIDTH, height));
  }
  private static String seriesClass(int index) {
    return "series-" + index % SERIES_COLOURS;
  }
  /** Swatches and names in a row under the x labels. */
  private static void legend(StringBuilder svg, List<String> names, List<String> classes) {
    double x = LEFT;
    int y = HEIGHT + LEGEND - 8;
    for (int s = 0; s < names.size(); s++) {
      String name = names.get(s).length() > 24 ? names.get(s).substring(0, 23) + "…" : names.get(s);
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"swatch %s\" x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" rx=\"2\"/>"
              + "<text class=\"legend\" x=\"%.1f\" y=\"%d\">%s</text>",
          classes.get(s), x, y - 9, x + 14, y, SafeMarkdown.escape(name)));
      x += 24 + 6.5 * name.length();
    }
  }

  private static List<String> seriesClasses(int count) {
    return IntStream.range(0, count).mapToObj(SvgChart::seriesClass).toList();
  }
  /** Percent of {@code total} per count; empty when the total is zero. */
  private static List<Double> shares(List<Long> counts, long total) {
    return total == 0 ? List.of() : counts.stream().map(c -> 100.0 * c / total).toList();
  }
  /** The dial's band from {@code start} to {@code end} (shares of the half circle, left to right). */
  private static void arc(StringBuilder svg, String state, double start, double end, double cx, double cy) {
    if (end <= start) {
      return;
    }
    double a0 = Math.PI * (1 - start);
    double a1 = Math.PI * (1 - end);
    svg.append(String.format(Locale.ROOT,
        "<path class=\"band %s\" d=\"M %.1f %.1f A %d %d 0 0 1 %.1f %.1f\"/>", state,
        cx + GAUGE_RADIUS * Math.cos(a0), cy - GAUGE_RADIUS * Math.sin(a0), GAUGE_RADIUS, GAUGE_RADIUS,
        cx + GAUGE_RADIUS * Math.cos(a1), cy - GAUGE_RADIUS * Math.sin(a1)));
  }

  private static String empty(StringBuilder svg) {
    return svg.append(String.format(Locale.ROOT,
            "<text class=\"empty\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">No data yet</text></svg>",
            WIDTH / 2, HEIGHT / 2))
        .toString();
  }

  private static void axes(StringBuilder svg, double top, String valueFormat) {
    axes(svg, 0, top, valueFormat);
  }

  private static void axes(StringBuilder svg, double bottom, double top, String valueFormat) {
    for (int i = 0; i <= 4; i++) {
      double y = TOP + (HEIGHT - TOP - BOTTOM) * i / 4.0;
      svg.append(String.format(Locale.ROOT,
          "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, WIDTH - RIGHT, y, y));
      svg.append(String.format(Locale.ROOT,
          "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT - 6, y + 4, format(valueFormat, bottom + (top - bottom) * (4 - i) / 4.0)));
    }
  }

  private static void xLabel(StringBuilder svg, double x, String label, int count) {
    String text = label.length() > 14 ? label.substring(0, 13) + "…" : label;
    if (count > 16) {
      return; // too many to label; the tooltip (<title>) still names each
    }
    svg.append(String.format(Locale.ROOT,
        "<text class=\"label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
        x, HEIGHT - BOTTOM + 16, SafeMarkdown.escape(text)));
  }

  private static String format(String valueFormat, double value) {
    return SafeMarkdown.escape(String.format(Locale.ROOT, valueFormat, value));
  }
}
