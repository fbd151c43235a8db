package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.trainer.model.Reward;
import java.util.concurrent.CompletableFuture;

/**
 * The production reward model's normalised score of the response, every view scored in one batch; the
 * lowest counts. Hits when it is below the threshold.
 */
record RewardCheck(CheckSpec spec, ScoringService scoring) implements Check {

  @Override
  public CompletableFuture<Finding> run(Subject subject) {
    return scoring.scoreAsync(subject.prompt(), subject.texts()).thenApply(scored -> {
      double worst = scored.rewards().stream().mapToDouble(Reward::normalized).min().orElseThrow();
      return new Finding(worst < spec.threshold(), worst, spec.threshold(), null, scored.modelVersion(), null);
    });
  }
}
