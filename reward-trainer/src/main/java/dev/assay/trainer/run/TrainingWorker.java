package dev.assay.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.data.SnapshotPairs;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.training.Checkpoint;
import dev.assay.trainer.training.TrainingConfig;
import dev.assay.trainer.training.TrainingJob;
import dev.assay.trainer.training.TrainingResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes training runs from the RabbitMQ work queue, one at a time, and acknowledges a message only
 * when its run has finished. A worker killed mid-run leaves its message unacknowledged; RabbitMQ
 * hands it to another worker, which resumes from the run's last epoch checkpoint (checkpoints live
 * under the shared data directory).
 */
@ApplicationScoped
public class TrainingWorker {
  private static final Logger LOG = Logger.getLogger(TrainingWorker.class);
  private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();

  private final SnapshotPairs snapshotPairs;
  private final ModelRegistry registry;
  private final TrainerSettings settings;
  private final EntityManager entityManager;
  private final ObjectMapper json;

  public TrainingWorker(
      SnapshotPairs snapshotPairs, ModelRegistry registry, TrainerSettings settings, EntityManager entityManager,
      ObjectMapper json) {
    this.snapshotPairs = snapshotPairs;
    this.registry = registry;
    this.settings = settings;
    this.entityManager = entityManager;
    this.json = json;
  }

  @Incoming("training-jobs")
  @Blocking
  public void onRequested(JsonObject event) {
    long runId = event.getJsonObject("data").getLong("runId");
    execute(runId);
  }

  /** Runs (or resumes) one training run to its end; a finished or cancelled run is left alone. */
  public void execute(long runId) {
    TrainingRun claimed = QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = TrainingRun.findById(runId);
      if (run == null || run.state.finished()) {
        return null;
      }
      run.state = TrainingRun.State.RUNNING;
      run.attempts++;
      run.worker = WORKER;
      run.startedAt = run.startedAt == null ? Instant.now() : run.startedAt;
      return run;
    });
    if (claimed == null) {
      LOG.infof("Training run %d is finished or unknown; nothing to do", runId);
      return;
    }
    try {
      TrainingConfig config = json.convertValue(claimed.config, TrainingConfig.class);
      Path runDir = settings.runsDir().resolve(String.valueOf(runId));
      if (claimed.attempts == 1) {
        removeLeftovers(runDir, runId);
      }
      Path checkpoints = runDir.resolve("checkpoints");
      TrainingJob job = TrainingJob.builder()
          .setConfig(config)
          .setTrainingData(snapshotPairs.pairs(claimed.snapshotId, "train"))
          .optValidationData(snapshotPairs.pairs(claimed.snapshotId, "validation"))
          .setOutputDirectory(runDir.resolve("model"))
          .optCheckpointDirectory(checkpoints)
          .optFeaturizerOptions(settings.featurizerOptions())
          .addObserver(new RunProgressRecorder(runId, entityManager, json))
          .build();
      boolean resuming = Files.exists(checkpoints.resolve(Checkpoint.FILE));
      if (resuming) {
        LOG.infof("Resuming training run %d from its last checkpoint", runId);
      }
      TrainingResult result = resuming ? job.resumeFrom(checkpoints) : job.run();
      long modelId = registry.register(runId, claimed.snapshotId, result, snapshotPairs.pairs(claimed.snapshotId, "test"));
      finish(runId, TrainingRun.State.SUCCEEDED, null, modelId);
    } catch (CancellationException e) {
      LOG.infof("Training run %d cancelled", runId);
    } catch (Exception e) {
      LOG.errorf(e, "Training run %d failed", runId);
      finish(runId, TrainingRun.State.FAILED, e.getMessage(), null);
    }
  }

  /**
   * A first attempt has no checkpoint of its own, so whatever its directory holds was left by a run
   * with the same id in an earlier database (one that was reset): resuming that would continue someone
   * else's training.
   */
  private static void removeLeftovers(Path runDir, long runId) throws IOException {
    if (!Files.exists(runDir)) {
      return;
    }
    LOG.warnf("Training run %d: removing %s, left by an earlier run with the same id", runId, runDir);
    try (Stream<Path> files = Files.walk(runDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private void finish(long runId, TrainingRun.State state, String error, Long modelId) {
    QuarkusTransaction.requiringNew().run(() -> {
      TrainingRun run = TrainingRun.findById(runId);
      if (run.state == TrainingRun.State.CANCELLED) {
        return;
      }
      run.state = state;
      run.error = error;
      run.modelId = modelId;
      run.finishedAt = Instant.now();
    });
  }
}
