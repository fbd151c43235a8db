package dev.assay.trainer.run;

import java.util.Map;

/** What a follower of a training run is told, in the order it happened. */
public sealed interface RunEvent {

  /** The run's state, attempts, worker, error or model changed; the first event of every stream is one. */
  record StateChanged(TrainingRun run) implements RunEvent {}

  /** An epoch ended with these metrics (TRL's names: {@code loss}, {@code accuracy}, {@code margin}, {@code eval_*}). */
  record EpochLogged(TrainingRunService.EpochLog log) implements RunEvent {}

  /** The latest step: epoch, step, running loss and accuracy, and the ETA in seconds ({@code etaSeconds}). */
  record StepProgressed(Map<String, Object> progress) implements RunEvent {}
}
