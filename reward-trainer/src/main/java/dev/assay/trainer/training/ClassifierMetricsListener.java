package dev.assay.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss and accuracy of each epoch (training and, with an {@code eval_} prefix, validation), recorded
 * in the {@link TrainingState} for early stopping and checkpoints, then told to the observers.
 */
final class ClassifierMetricsListener extends TrainingListenerAdapter {
  private final TrainingState state;
  private final List<TrainingObserver> observers;
  private final Totals training = new Totals();
  private final Totals validation = new Totals();
  private long epochStart = System.nanoTime();

  ClassifierMetricsListener(TrainingState state, List<TrainingObserver> observers) {
    this.state = state;
    this.observers = List.copyOf(observers);
  }

  private static final class Totals {
    double loss;
    long right;
    long count;

    void add(Trainer trainer, BatchData batchData) {
      batchData.getPredictions().forEach((device, predictions) -> {
        NDList labels = batchData.getLabels().get(device);
        long n = labels.head().size();
        loss += trainer.getLoss().evaluate(labels, predictions).getFloat() * n;
        NDArray predicted = predictions.head().argMax(1);
        right += predicted.eq(labels.head().toType(predicted.getDataType(), false)).sum().getLong();
        count += n;
      });
    }

    void putInto(Map<String, Double> metrics, String prefix) {
      metrics.put(prefix + "loss", loss / count);
      metrics.put(prefix + "accuracy", (double) right / count);
      loss = 0;
      right = 0;
      count = 0;
    }
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    training.add(trainer, batchData);
  }

  @Override
  public void onValidationBatch(Trainer trainer, BatchData batchData) {
    validation.add(trainer, batchData);
  }

  @Override
  public void onEpoch(Trainer trainer) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    training.putInto(metrics, "");
    if (validation.count > 0) {
      validation.putInto(metrics, "eval_");
    }
    EpochMetrics epoch = new EpochMetrics(state.completedEpochs() + 1, metrics, (System.nanoTime() - epochStart) / 1e9);
    state.add(epoch);
    epochStart = System.nanoTime();
    observers.forEach(observer -> observer.onEpoch(epoch));
  }
}
