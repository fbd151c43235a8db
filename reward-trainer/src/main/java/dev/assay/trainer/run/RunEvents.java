package dev.assay.trainer.run;

import dev.assay.trainer.TrainerSettings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Follows a training run: its state changes, each epoch's metrics in order and its latest step, read from
 * the database every {@code assay.trainer.run-events-interval} on a worker thread (never on an event loop,
 * where a transaction may not start), ending with the run's final state. Read from the database, not from
 * the worker, so any replica can follow a run trained on another; persisted epochs are never skipped, however
 * slowly the follower reads.
 */
@ApplicationScoped
public class RunEvents {
  private final TrainingRunService runs;
  private final TrainerSettings settings;

  public RunEvents(TrainingRunService runs, TrainerSettings settings) {
    this.runs = runs;
    this.settings = settings;
  }

  /** The run's events until it has finished; completes after the final state. Cancel it to stop reading. */
  public Multi<RunEvent> follow(long runId) {
    Cursor cursor = new Cursor(runId);
    return Multi.createBy().repeating()
        .uni(() -> Uni.createFrom().item(cursor::poll).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
        .withDelay(settings.runEventsInterval())
        .whilst(batch -> !batch.last())
        .onItem().transformToIterable(Batch::events);
  }

  private record Batch(List<RunEvent> events, boolean last) {}

  /** What this follower has been told so far. */
  private final class Cursor {
    private final long runId;
    private int epochsSent;
    private List<Object> stateSent;
    private Map<String, Object> progressSent;

    Cursor(long runId) {
      this.runId = runId;
    }

    Batch poll() {
      // The run before its epochs: a run read as finished has all its epochs written already.
      TrainingRun run = runs.get(runId);
      List<TrainingRunService.EpochLog> epochs = runs.epochsAfter(runId, epochsSent);
      List<RunEvent> events = new ArrayList<>();
      List<Object> state = List.of(run.state, run.attempts, Objects.toString(run.worker, ""),
          Objects.toString(run.error, ""), Objects.toString(run.modelId, ""));
      boolean stateChanged = !state.equals(stateSent);
      stateSent = state;
      boolean finished = run.state.finished();
      if (stateChanged && !finished) {
        events.add(new RunEvent.StateChanged(run));
      }
      for (TrainingRunService.EpochLog epoch : epochs) {
        events.add(new RunEvent.EpochLogged(epoch));
        epochsSent = epoch.epoch();
      }
      if (!finished && run.progress != null && !run.progress.equals(progressSent)) {
        progressSent = run.progress;
        events.add(new RunEvent.StepProgressed(run.progress));
      }
      if (finished) {
        events.add(new RunEvent.StateChanged(run));
      }
      return new Batch(events, finished);
    }
  }
}
