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
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Takes training runs from the RabbitMQ work queue, one at a time, and acknowledges a message only
 * when its run has finished. A worker killed mid-run leaves its message unacknowledged; RabbitMQ
 * hands it to another worker, which resumes from the run's last epoch checkpoint (checkpoints live
 * under the shared data directory). A failure of any kind (an {@link Error} too) is recorded and the
 * message requeued; after {@code max-attempts} deliveries, crashed ones included, the run fails and its
 * message goes to the queue's dead-letter exchange instead of coming back forever.
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

  /** What becomes of a run's message after a delivery. */
  public enum Outcome {
    /** The run finished (or was finished already): acknowledge. */
    DONE,
    /** This attempt failed and attempts are left: requeue. */
    RETRY,
    /** The run ran out of attempts and has failed: dead-letter. */
    DEAD
  }

  @Incoming("training-jobs")
  @Blocking
  public CompletionStage<Void> onRequested(Message<JsonObject> message) {
    long runId = message.getPayload().getJsonObject("data").getLong("runId");
    Outcome outcome;
    try {
      outcome = execute(runId);
    } catch (Throwable e) {
      // e.g. the database is unreachable at claim time: the run's row is untouched, so try again
      LOG.errorf(e, "Training run %d could not be claimed or recorded", runId);
      outcome = Outcome.RETRY;
    }
    return switch (outcome) {
      case DONE -> message.ack();
      case RETRY -> message.nack(new IllegalStateException("training run " + runId + " failed; retrying"),
          Metadata.of(new RabbitMQRejectMetadata(true)));
      case DEAD -> message.nack(new IllegalStateException("training run " + runId + " ran out of attempts"),
          Metadata.of(new RabbitMQRejectMetadata(false)));
    };
  }

  /** Runs (or resumes) one training run to its end; a finished or cancelled run is left alone. */
  public Outcome execute(long runId) {
    int maxAttempts = settings.maxAttempts();
    TrainingRun claimed = QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = TrainingRun.findById(runId);
      if (run == null || run.state.finished()) {
        return null;
      }
      run.attempts++;
      if (run.attempts > maxAttempts) {
        // Earlier deliveries crashed their workers (or failed): a further one would likely do the same.
        run.state = TrainingRun.State.FAILED;
        run.error = "gave up after " + maxAttempts + " attempts" + (run.error == null ? "" : "; last error: " + run.error);
        run.finishedAt = Instant.now();
        return run;
      }
      run.state = TrainingRun.State.RUNNING;
      run.worker = WORKER;
      run.startedAt = run.startedAt == null ? Instant.now() : run.startedAt;
      return run;
    });
    if (claimed == null) {
      LOG.infof("Training run %d is finished or unknown; nothing to do", runId);
      return Outcome.DONE;
    }
    if (claimed.state == TrainingRun.State.FAILED) {
      LOG.errorf("Training run %d: %s; its message goes to the dead-letter queue", runId, claimed.error);
      return Outcome.DEAD;
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
      return Outcome.DONE;
    } catch (CancellationException e) {
      LOG.infof("Training run %d cancelled", runId);
      return Outcome.DONE;
    } catch (Throwable e) {
      // Errors too: an OutOfMemoryError must not leave the run RUNNING and its message looping.
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      boolean last = claimed.attempts >= maxAttempts;
      LOG.errorf(e, "Training run %d failed (attempt %d of %d)", runId, claimed.attempts, maxAttempts);
      if (last) {
        finish(runId, TrainingRun.State.FAILED, "failed " + maxAttempts + " attempts; last error: " + error, null);
        return Outcome.DEAD;
      }
      finish(runId, TrainingRun.State.QUEUED, error, null);
      return Outcome.RETRY;
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
    Checkpoint.deleteDirectory(runDir);
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
      run.finishedAt = state.finished() ? Instant.now() : null;
    });
  }
}
