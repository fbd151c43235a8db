package dev.assay.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.Map;

/**
 * Trains a hashed reward model for real in the test's JVM: the run is persisted without its outbox event,
 * so no queue consumer races the test for it, and executed by the worker right here.
 */
public final class InProcessTraining {
  private InProcessTraining() {}

  /** Runs a training run on a snapshot and returns the run's id (its model, if it succeeded, is a candidate). */
  public static long run(long snapshot, int epochs, int seed) {
    TrainingRunService runs = Arc.container().instance(TrainingRunService.class).get();
    ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
    long runId = QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(runs.toConfig(new RunRequest(snapshot, null, "hashed", null, epochs, 8, null, null,
          null, null, 0, seed)), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.createdBy = "tests";
      run.createdAt = Instant.now();
      run.persist();
      return run.id;
    });
    Arc.container().instance(TrainingWorker.class).get().execute(runId);
    return runId;
  }
}
