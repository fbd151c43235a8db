package dev.assay.guardrail;

import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.arc.Arc;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Real reward models for the serving tests, trained on {@link TestModels}' snapshot through the real
 * work queue (hashed features, a few seconds); each call of {@link #trainCandidate} trains a new model.
 * (Here rather than beside {@link TestModels}: Quarkus rewrites entity field access only in the
 * module under test, not in another module's test jar.)
 */
public final class ServedTestModels {
  private ServedTestModels() {}

  /** Trains and promotes a model if there is none in production, and has this replica load it. */
  public static synchronized RegisteredModel ensureProduction() throws InterruptedException {
    ModelRegistry registry = Arc.container().instance(ModelRegistry.class).get();
    Optional<RegisteredModel> production = registry.production(ModelKind.REWARD.name());
    if (production.isEmpty()) {
      registry.promote(trainCandidate(7), "tests");
      production = registry.production(ModelKind.REWARD.name());
    }
    Arc.container().instance(ProductionModels.class).get().refresh(ModelKind.REWARD);
    return production.orElseThrow();
  }

  /** Trains a candidate through the training queue and returns its registry id. */
  public static long trainCandidate(int seed) throws InterruptedException {
    return trainCandidate(TestModels.snapshot(), seed);
  }

  /** Trains a candidate on a snapshot through the training queue and returns its registry id. */
  public static long trainCandidate(long snapshot, int seed) throws InterruptedException {
    TrainingRunService runs = Arc.container().instance(TrainingRunService.class).get();
    TrainingRun run = runs.create(new RunRequest(snapshot, null, "hashed", null, 6, 8, null, null, null, null, null,
        seed), "tests");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      TrainingRun current = runs.get(run.id);
      if (current.state == TrainingRun.State.SUCCEEDED) {
        return current.modelId;
      }
      if (current.state == TrainingRun.State.FAILED) {
        throw new AssertionError("training run failed: " + current.error);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("training run " + run.id + " did not finish in 3 minutes");
  }
}
