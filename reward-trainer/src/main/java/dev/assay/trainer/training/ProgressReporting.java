package dev.assay.trainer.training;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Tells the {@link TrainingObserver}s about every step (with an ETA from the pace since the run
 * started) and every epoch, and logs each epoch's metrics.
 */
final class ProgressReporting extends TrainingListenerAdapter {
  private static final Logger LOG = Logger.getLogger(ProgressReporting.class);

  private final List<TrainingObserver> observers;
  private final TrainingState state;
  private final PairMetricsListener metrics;
  private final int epochs;
  private final int stepsPerEpoch;
  private final long start = System.nanoTime();
  private long stepsDone;
  private int step;

  ProgressReporting(
      List<TrainingObserver> observers, TrainingState state, PairMetricsListener metrics, int epochs, int stepsPerEpoch) {
    this.observers = List.copyOf(observers);
    this.state = state;
    this.metrics = metrics;
    this.epochs = epochs;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    step++;
    stepsDone++;
    int epoch = state.completedEpochs() + 1;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    long remaining = (long) (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
    Duration eta = elapsed.dividedBy(stepsDone).multipliedBy(remaining);
    StepProgress progress = new StepProgress(
        epoch, epochs, step, stepsPerEpoch, metrics.running().loss(), metrics.running().accuracy(), elapsed, eta);
    observers.forEach(observer -> observer.onStep(progress));
  }

  @Override
  public void onEpoch(Trainer trainer) {
    step = 0;
    EpochMetrics epoch = state.last();
    LOG.infof("epoch %d/%d %s (%.1f s)", epoch.epoch(), epochs, epoch.metrics(), epoch.seconds());
    observers.forEach(observer -> observer.onEpoch(epoch));
  }
}
