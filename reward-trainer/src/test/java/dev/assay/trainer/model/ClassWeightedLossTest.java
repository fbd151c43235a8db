package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

class ClassWeightedLossTest {
  private static final float[][] LOGITS = {{2f, 0.5f, -1f}, {0.1f, 0.3f, 0.2f}, {-0.5f, 1f, 3f}, {1f, 1f, 0f}};
  private static final long[] LABELS = {0, 2, 2, 1};

  @Test
  void equalWeightsGiveTheUsualCrossEntropy() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList labels = new NDList(manager.create(LABELS));
      NDList logits = new NDList(manager.create(LOGITS));

      float weighted = new ClassWeightedLoss(new float[] {1, 1, 1}).evaluate(labels, logits).getFloat();

      assertThat(weighted).isCloseTo(Loss.softmaxCrossEntropyLoss().evaluate(labels, logits).getFloat(), offset(1e-5f));
    }
  }

  @Test
  void eachExampleCountsByItsClassWeight() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[] weights = {3, 1, 0.5f};
      double expected = 0;
      double total = 0;
      for (int i = 0; i < LABELS.length; i++) {
        double[] p = ClassifierScorer.softmax(toDouble(LOGITS[i]), 1);
        expected -= weights[(int) LABELS[i]] * Math.log(p[(int) LABELS[i]]);
        total += weights[(int) LABELS[i]];
      }

      float loss = new ClassWeightedLoss(weights)
          .evaluate(new NDList(manager.create(LABELS)), new NDList(manager.create(LOGITS))).getFloat();

      assertThat((double) loss).isCloseTo(expected / total, offset(1e-5));
    }
  }

  @Test
  void balancedWeightsMakeEveryClassCountTheSame() {
    float[] weights = ClassWeightedLoss.balanced(new int[] {0, 0, 0, 1}, 2);

    assertThat(weights[0] * 3).isCloseTo(weights[1] * 1, offset(1e-6f));
    assertThat(weights[1]).isEqualTo(2f);
  }

  private static double[] toDouble(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
