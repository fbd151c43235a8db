package dev.assay.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.assay.trainer.featurize.SparseRow;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadWeightsTest {
  private static final int INPUTS = 300;

  @ParameterizedTest(name = "hidden {0}")
  @ValueSource(ints = {0, 16})
  void plainJavaHeadScoresLikeDjlsForwardPass(int hidden) throws Exception {
    float[][] features = sparseRows(5);
    try (Model model = Model.newInstance("head", Device.cpu(), "PyTorch")) {
      Engine.getEngine("PyTorch").setRandomSeed(11);
      RewardNetwork network = new RewardNetwork(ModelKind.REWARD, hidden);
      network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, INPUTS));
      model.setBlock(network);
      float[] djl;
      try (Predictor<float[][], float[]> predictor = model.newPredictor(new FeatureTranslator())) {
        djl = predictor.predict(features);
      }

      float[] java = network.weights(INPUTS).rewards(Arrays.stream(features).map(SparseRow::of).toArray(SparseRow[]::new));

      assertThat(djl).doesNotContain(0f);
      for (int i = 0; i < djl.length; i++) {
        assertThat(java[i]).isCloseTo(djl[i], within(1e-5f * (1 + Math.abs(djl[i]))));
      }
      SparseRow outside = new SparseRow(new int[] {4, INPUTS}, new float[] {1, 1});
      assertThatThrownBy(() -> network.weights(INPUTS).rewards(new SparseRow[] {outside}))
          .hasMessageContaining("feature row 0 has a value outside the head's 300 inputs");
    }
  }

  /** Rows like a hashed featurizer's: mostly zero, a few signed values. */
  private static float[][] sparseRows(int count) {
    Random random = new Random(3);
    float[][] rows = new float[count][INPUTS];
    for (float[] row : rows) {
      for (int i = 0; i < 20; i++) {
        row[random.nextInt(INPUTS)] = (float) random.nextGaussian();
      }
    }
    return rows;
  }
}
