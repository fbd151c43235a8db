package dev.assay.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.training.Checkpoint;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrainingWorkerTest {
  @Inject
  TrainingWorker worker;

  @Inject
  TrainingRunService runs;

  @Inject
  TrainerSettings settings;

  @Inject
  ObjectMapper json;

  @Test
  void aFirstAttemptTrainsFromScratchThoughItsDirectoryHoldsAnEarlierDatabasesCheckpoint() throws Exception {
    long snapshot = TestModels.snapshot();
    // Persisted without the outbox event, so no queue consumer races this test for the run.
    long runId = QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = new TrainingRun();
      run.snapshotId = snapshot;
      run.config = json.convertValue(runs.toConfig(new RunRequest(snapshot, null, "hashed", null, 2, 8, null, null,
          null, null, 0, 5)), Map.class);
      run.state = TrainingRun.State.QUEUED;
      run.createdBy = "tests";
      run.createdAt = Instant.now();
      run.persist();
      return run.id;
    });
    // What a run with the same id left before the database was reset.
    Path stale = settings.runsDir().resolve(String.valueOf(runId)).resolve("checkpoints").resolve(Checkpoint.FILE);
    Files.createDirectories(stale.getParent());
    Files.writeString(stale, "{\"epoch\": 7, \"left\": \"by another run\"}");

    worker.execute(runId);

    TrainingRun done = runs.get(runId);
    assertThat(done.state).as(String.valueOf(done.error)).isEqualTo(TrainingRun.State.SUCCEEDED);
    assertThat(done.attempts).isEqualTo(1);
    assertThat(done.epochsDone).isEqualTo(2);
    assertThat(done.modelId).isNotNull();
  }
}
