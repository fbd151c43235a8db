package dev.assay.guardrail;

import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.trainer.TestModels;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.arc.Arc;
import java.util.Optional;

/** A real reward model in production and loaded by this replica's scorer, for the serving tests. */
public final class ServedTestModels {
  private ServedTestModels() {}

  /** Trains and promotes a model through {@link TestModels} if there is none in production. */
  public static synchronized RegisteredModel ensureProduction() throws InterruptedException {
    ModelRegistry registry = Arc.container().instance(ModelRegistry.class).get();
    Optional<RegisteredModel> production = registry.production(ModelKind.REWARD.name());
    if (production.isEmpty()) {
      registry.promote(TestModels.trainCandidate(7), "tests");
      production = registry.production(ModelKind.REWARD.name());
    }
    Arc.container().instance(ProductionModels.class).get().refresh(ModelKind.REWARD);
    return production.orElseThrow();
  }
}
