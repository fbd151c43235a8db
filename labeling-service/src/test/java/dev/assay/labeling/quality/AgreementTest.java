package dev.assay.labeling.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {
  /**
   * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units,
   * with missing values ({@code null}). Unit 12 has a single value and is not pairable.
   */
  private static final Integer[][] KRIPPENDORFF_2011 = {
    {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
    {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
    {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
    {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null},
  };

  private static List<List<Double>> units(Integer[][] byCoder) {
    List<List<Double>> units = new ArrayList<>();
    for (int u = 0; u < byCoder[0].length; u++) {
      List<Double> values = new ArrayList<>();
      for (Integer[] coder : byCoder) {
        if (coder[u] != null) {
          values.add(coder[u].doubleValue());
        }
      }
      units.add(values);
    }
    return units;
  }

  @Test
  void nominalAlphaMatchesThePublishedExample() {
    double alpha = Agreement.krippendorffAlpha(units(KRIPPENDORFF_2011), Agreement.Metric.NOMINAL);
    assertThat(Math.round(alpha * 1000) / 1000.0).isEqualTo(0.743);
  }

  @Test
  void ordinalAlphaMatchesThePublishedExample() {
    double alpha = Agreement.krippendorffAlpha(units(KRIPPENDORFF_2011), Agreement.Metric.ORDINAL);
    assertThat(Math.round(alpha * 1000) / 1000.0).isEqualTo(0.815);
  }

  @Test
  void intervalAlphaMatchesThePublishedExample() {
    double alpha = Agreement.krippendorffAlpha(units(KRIPPENDORFF_2011), Agreement.Metric.INTERVAL);
    assertThat(Math.round(alpha * 1000) / 1000.0).isEqualTo(0.849);
  }

  @Test
  void alphaIsOneForPerfectAgreementAndUndefinedWithoutVariation() {
    assertThat(Agreement.krippendorffAlpha(List.of(List.of(1.0, 1.0), List.of(2.0, 2.0)), Agreement.Metric.NOMINAL))
        .isEqualTo(1.0);
    assertThat(Agreement.krippendorffAlpha(List.of(List.of(1.0, 1.0), List.of(1.0)), Agreement.Metric.NOMINAL))
        .isNaN();
  }

  /** Fleiss (1971) as reproduced on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa = 0.210. */
  @Test
  void fleissKappaMatchesTheKnownExample() {
    int[][] counts = {
      {0, 0, 0, 0, 14},
      {0, 2, 6, 4, 2},
      {0, 0, 3, 5, 6},
      {0, 3, 9, 2, 0},
      {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0},
      {3, 2, 6, 3, 0},
      {2, 5, 3, 2, 2},
      {6, 5, 2, 1, 0},
      {0, 2, 2, 3, 7},
    };
    assertThat(Agreement.fleissKappa(counts)).isCloseTo(0.210, within(0.0005));
  }
}
