package dev.assay.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.trainer.training.EpochMetrics;
import dev.assay.trainer.training.StepProgress;
import dev.assay.trainer.training.TrainingObserver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Persists a run's progress as it trains (every epoch, and the latest step at most once a second) and
 * stops the run when someone cancelled it. Persisted, not only streamed: any replica can report it.
 */
final class RunProgressRecorder implements TrainingObserver {
  private static final long STEP_WRITE_INTERVAL_NANOS = 1_000_000_000L;

  private final long runId;
  private final EntityManager entityManager;
  private final ObjectMapper json;
  private long lastWrite;

  RunProgressRecorder(long runId, EntityManager entityManager, ObjectMapper json) {
    this.runId = runId;
    this.entityManager = entityManager;
    this.json = json;
  }

  @Override
  public void onStep(StepProgress progress) {
    long now = System.nanoTime();
    if (now - lastWrite < STEP_WRITE_INTERVAL_NANOS) {
      return;
    }
    lastWrite = now;
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("epoch", progress.epoch());
    view.put("epochs", progress.epochs());
    view.put("step", progress.step());
    view.put("steps", progress.steps());
    view.put("loss", progress.loss());
    view.put("accuracy", progress.accuracy());
    view.put("etaSeconds", progress.eta().toSeconds());
    boolean cancelled = QuarkusTransaction.requiringNew().call(() -> {
      TrainingRun run = TrainingRun.findById(runId);
      run.progress = view;
      return run.state == TrainingRun.State.CANCELLED;
    });
    if (cancelled) {
      throw new CancellationException("training run " + runId + " was cancelled");
    }
  }

  @Override
  public void onEpoch(EpochMetrics metrics) {
    QuarkusTransaction.requiringNew().run(() -> {
      entityManager
          .createNativeQuery("INSERT INTO training_epoch (run_id, epoch, metrics) VALUES (?1, ?2, CAST(?3 AS jsonb))"
              + " ON CONFLICT (run_id, epoch) DO UPDATE SET metrics = EXCLUDED.metrics")
          .setParameter(1, runId)
          .setParameter(2, metrics.epoch())
          .setParameter(3, toJson(metrics))
          .executeUpdate();
      TrainingRun run = TrainingRun.findById(runId);
      run.epochsDone = metrics.epoch();
    });
  }

  private String toJson(EpochMetrics metrics) {
    Map<String, Object> view = new LinkedHashMap<>(metrics.metrics());
    view.put("seconds", metrics.seconds());
    try {
      return json.writeValueAsString(view);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
