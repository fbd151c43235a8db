package dev.assay.trainer.training;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run has done so far, shared by its listeners and saved in every checkpoint: the metrics of
 * each completed epoch, the best epoch by {@link EpochMetrics#monitoredLoss()}, how many epochs went
 * by without improving on it, and whether early stopping asked to stop.
 */
final class TrainingState {
  private final List<EpochMetrics> history;
  private int bestEpoch;
  private int epochsWithoutImprovement;
  private boolean stopRequested;

  TrainingState() {
    this(List.of(), 0, 0, false);
  }

  private TrainingState(List<EpochMetrics> history, int bestEpoch, int epochsWithoutImprovement, boolean stop) {
    this.history = new ArrayList<>(history);
    this.bestEpoch = bestEpoch;
    this.epochsWithoutImprovement = epochsWithoutImprovement;
    this.stopRequested = stop;
  }

  static TrainingState from(Checkpoint checkpoint) {
    return new TrainingState(
        checkpoint.history(), checkpoint.bestEpoch(), checkpoint.epochsWithoutImprovement(),
        checkpoint.stopRequested());
  }

  Checkpoint toCheckpoint(TrainingConfig config, String dataHash) {
    return new Checkpoint(config, dataHash, List.copyOf(history), bestEpoch, epochsWithoutImprovement, stopRequested);
  }

  /** Records an epoch; returns whether it is the best so far. */
  boolean add(EpochMetrics metrics) {
    history.add(metrics);
    if (bestEpoch == 0 || metrics.monitoredLoss() < history.get(bestEpoch - 1).monitoredLoss()) {
      bestEpoch = metrics.epoch();
      epochsWithoutImprovement = 0;
      return true;
    }
    epochsWithoutImprovement++;
    return false;
  }

  void requestStop() {
    stopRequested = true;
  }

  boolean stopRequested() {
    return stopRequested;
  }

  int completedEpochs() {
    return history.size();
  }

  int bestEpoch() {
    return bestEpoch;
  }

  int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }

  EpochMetrics last() {
    return history.getLast();
  }

  List<EpochMetrics> history() {
    return List.copyOf(history);
  }
}
