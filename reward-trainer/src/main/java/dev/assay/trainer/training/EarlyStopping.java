package dev.assay.trainer.training;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;

/**
 * Asks the run to stop once {@code patience} epochs in a row did not lower the monitored loss
 * (validation loss when there is a validation set). DJL's own {@code EarlyStoppingListener} stops by
 * throwing out of {@code EasyTrain.fit} and keeps no best epoch; this one leaves the decision in the
 * {@link TrainingState}, which checkpoints carry across a restart.
 */
final class EarlyStopping extends TrainingListenerAdapter {
  private final TrainingState state;
  private final int patience;

  /** {@code patience} 0 never stops. */
  EarlyStopping(TrainingState state, int patience) {
    this.state = state;
    this.patience = patience;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    if (patience > 0 && state.epochsWithoutImprovement() >= patience) {
      state.requestStop();
    }
  }
}
