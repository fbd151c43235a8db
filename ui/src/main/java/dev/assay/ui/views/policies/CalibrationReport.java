package dev.assay.ui.views.policies;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.assay.ui.components.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A version's calibration report: the precision/recall curve of its calibrated threshold (a single-threshold
 * policy's reward threshold, or a document's classifier or reward check) on the labelled data, with
 * the chosen threshold marked, and the figures at that threshold. Versions calibrated before curves were stored
 * show their point alone.
 */
public class CalibrationReport extends Div {
  private final Paragraph figures = new Paragraph();
  private final SvgChart chart = new SvgChart("Precision against recall over thresholds, the chosen one marked");

  public CalibrationReport() {
    addClassName("calibration-report");
    setId("policy-calibration");
    figures.setId("calibration-figures");
    chart.setId("calibration-chart");
    add(figures, chart);
  }

  /** Shows a stored report (the map a calibration stores with its version); null shows that there is none. */
  public void show(Map<String, Object> calibration) {
    if (calibration == null) {
      figures.setText("This version was not calibrated. A threshold is calibrated on labelled data over REST: POST"
          + " /api/v1/guardrail/policies/{name}/calibrations with a target false-positive rate (and, for a policy"
          + " document, the check to calibrate).");
      chart.setVisible(false);
      return;
    }
    double threshold = number(calibration.get("threshold"));
    double precision = number(calibration.get("precision"));
    double recall = number(calibration.get("recall"));
    Object check = calibration.get("check");
    figures.setText(String.format(Locale.ROOT, "%s %.4f for a target false-positive rate of %.3f: precision"
            + " %.3f, recall %.3f, false-positive rate %.3f on %s labelled examples (%s good, %s bad), model %s.",
        check == null ? "Threshold" : "Check '" + check + "': threshold", threshold, number(calibration.get("target_fpr")), precision, recall, number(calibration.get("fpr")),
        calibration.get("n"), calibration.get("n_good"), calibration.get("n_bad"), calibration.get("model_version")));
    SvgChart.Point chosen = new SvgChart.Point(recall, precision, String.format(Locale.ROOT, "threshold %.3f",
        threshold));
    List<SvgChart.Point> curve = points(calibration.get("curve"));
    chart.showCurve(curve.isEmpty() ? List.of(chosen) : curve, chosen, "recall", "precision");
    chart.setVisible(true);
  }

  private static List<SvgChart.Point> points(Object curve) {
    List<SvgChart.Point> points = new ArrayList<>();
    if (curve instanceof List<?> stored) {
      for (Object item : stored) {
        if (item instanceof Map<?, ?> point) {
          points.add(new SvgChart.Point(number(point.get("recall")), number(point.get("precision")),
              String.format(Locale.ROOT, "threshold %.3f: precision %.3f, recall %.3f", number(point.get("threshold")),
                  number(point.get("precision")), number(point.get("recall")))));
        }
      }
    }
    return points;
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
