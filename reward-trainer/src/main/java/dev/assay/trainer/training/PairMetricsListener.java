package dev.assay.trainer.training;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes TRL's metrics from each batch's predictions (training and validation) and, at the end of
 * an epoch, records them in the {@link TrainingState} for the listeners after it.
 */
final class PairMetricsListener extends TrainingListenerAdapter {
  private final TrainingState state;
  private PairMetrics training = new PairMetrics();
  private PairMetrics validation = new PairMetrics();
  private long epochStart = System.nanoTime();

  PairMetricsListener(TrainingState state) {
    this.state = state;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    add(training, trainer, batchData);
  }

  @Override
  public void onValidationBatch(Trainer trainer, BatchData batchData) {
    add(validation, trainer, batchData);
  }

  private static void add(PairMetrics metrics, Trainer trainer, BatchData batchData) {
    batchData.getPredictions().forEach((device, predictions) -> {
      NDList labels = batchData.getLabels().get(device);
      metrics.add(labels, predictions, trainer.getLoss().evaluate(labels, predictions).getFloat());
    });
  }

  /** This epoch's training metrics so far. */
  PairMetrics running() {
    return training;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    Map<String, Double> metrics = new LinkedHashMap<>(training.toMap(""));
    if (!validation.isEmpty()) {
      metrics.putAll(validation.toMap("eval_"));
    }
    double seconds = (System.nanoTime() - epochStart) / 1e9;
    state.add(new EpochMetrics(state.completedEpochs() + 1, metrics, seconds));
    training = new PairMetrics();
    validation = new PairMetrics();
    epochStart = System.nanoTime();
  }
}
