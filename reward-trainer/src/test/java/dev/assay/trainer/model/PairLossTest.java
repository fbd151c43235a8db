package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The losses compute the formulas in their Javadoc. */
class PairLossTest {

  @Test
  void bradleyTerryIsMeanSoftplusOfNegativeMarginedDifferencePlusCentering() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList predictions = new NDList(manager.create(new float[] {1, 0}), manager.create(new float[] {0, 0}));
      NDList labels = new NDList(manager.create(new float[] {0, 0}), manager.create(new float[] {0, 0.5f}));

      float plain = new BradleyTerryLoss(0).evaluate(labels, predictions).getFloat();
      float centered = new BradleyTerryLoss(0.5f).evaluate(labels, predictions).getFloat();

      double expected = (softplus(-1) + softplus(0.5)) / 2;
      assertThat((double) plain).isCloseTo(expected, within(1e-6));
      assertThat((double) centered).isCloseTo(expected + 0.5 * (1 + 0) / 2, within(1e-6));
    }
  }

  @Test
  void davidsonIsThreeWayLogLikelihoodWithTies() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList predictions = new NDList(
          manager.create(new float[] {0, 2}), manager.create(new float[] {0, 0}), manager.create(new float[] {0}));
      NDList labels = new NDList(manager.create(new float[] {1, 0}), manager.create(new float[] {0, 0}));

      float loss = new DavidsonLoss(0).evaluate(labels, predictions).getFloat();

      double tieAtEqualRewards = -Math.log(1.0 / 3);
      double aWinsByTwo = -Math.log(Math.exp(1) / (Math.exp(1) + 1 + Math.exp(-1)));
      assertThat((double) loss).isCloseTo((tieAtEqualRewards + aWinsByTwo) / 2, within(1e-6));
    }
  }

  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }
}
