package dev.assay.trainer.training;

/**
 * Callbacks for whoever follows a training run from outside (a terminal progress bar, an event
 * stream, a job table). Called on the training thread: return quickly, and hand over to another
 * thread for slow work.
 */
public interface TrainingObserver {

  default void onStep(StepProgress progress) {}

  default void onEpoch(EpochMetrics metrics) {}
}
