package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import dev.assay.trainer.model.ModelKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointedEpochsTest {
  @TempDir Path dir;

  /**
   * A linear softmax head's gradients sum to zero over each example's logits, which DJL's first
   * {@code step()} takes for gradients never computed: the loop checks their norm instead and trains.
   */
  @Test
  void aLinearSoftmaxHeadWhoseGradientsSumToZeroTrains() throws Exception {
    float[][] weights = train(null, List.<float[][]>of(new float[][] {{1, 0}, {0, 1}}));

    assertThat(weights[1]).isNotEqualTo(weights[0]);
  }

  /**
   * The first batch's loss is NaN (an infinite feature), so its gradients are not finite: clipping zeroes
   * them and that batch makes no step, and the next, finite batch trains the weights.
   */
  @Test
  void aBatchWithNonFiniteGradientsMakesNoStepAndTrainingGoesOn() throws Exception {
    float[][] weights = train(new GradientClipping(1.0),
        List.of(new float[][] {{Float.POSITIVE_INFINITY, 1}, {0, 1}}, new float[][] {{1, 0}, {0, 1}}));

    for (float weight : weights[1]) {
      assertThat(weight).isFinite();
    }
    assertThat(weights[1]).isNotEqualTo(weights[0]);
  }

  /** Trains a linear two-class head for one epoch on {@code batches}: its weights before and after. */
  private float[][] train(GradientClipping clipping, List<float[][]> batches) throws Exception {
    TrainingConfig config = TrainingConfig.builder().optKind(ModelKind.CLASSIFIER).optEpochs(1).build();
    TrainingState state = new TrainingState();
    Block network = Linear.builder().setUnits(2).build();
    try (Model model = Model.newInstance("classifier", Device.cpu(), "PyTorch")) {
      model.setBlock(network);
      CheckpointedEpochs epochs = new CheckpointedEpochs(dir, network, state, config, "data", clipping);
      DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(0.1f)).build())
          .optDevices(new Device[] {Device.cpu()})
          .addTrainingListeners(new ClassifierMetricsListener(state, List.of()))
          .addTrainingListeners(epochs.listeners());
      try (Trainer trainer = model.newTrainer(trainingConfig)) {
        trainer.initialize(new Shape(2, 2));
        float[] initial = weights(network);

        assertThat(epochs.fit(trainer, epoch -> new FeatureBatches(batches), null)).isEqualTo(1);

        assertThat(state.completedEpochs()).isEqualTo(1);
        return new float[][] {initial, weights(network)};
      }
    }
  }

  private static float[] weights(Block network) {
    return network.getParameters().get("weight").getArray().toFloatArray();
  }

  /** One batch per feature matrix, labelled class 0 then 1 row by row. */
  private record FeatureBatches(List<float[][]> batches) implements Dataset {
    @Override
    public Iterable<Batch> getData(NDManager manager) {
      return batches.stream().map(features -> {
        NDManager batchManager = manager.newSubManager();
        return new Batch(batchManager, new NDList(batchManager.create(features)),
            new NDList(batchManager.create(new long[] {0, 1})), features.length, Batchifier.STACK, Batchifier.STACK, 0,
            batches.size());
      }).toList();
    }

    @Override
    public void prepare(Progress progress) {}
  }
}
