package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.trainer.model.Reward;
import dev.assay.store.record.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The reward model's (production's, or a candidate's under test) normalised score of the response, every
 * view scored in one batch; the lowest counts. Hits when it is below the threshold.
 */
record RewardCheck(CheckSpec spec, Rewards rewards) implements Check {

  /** Where the rewards come from: the production model ({@link ScoringService#scoreAsync}) or a candidate. */
  @FunctionalInterface
  interface Rewards {
    CompletableFuture<ScoringService.Scored> scoreAsync(List<Message> prompt, List<String> texts);
  }

  @Override
  public CompletableFuture<Finding> run(Subject subject) {
    return rewards.scoreAsync(subject.prompt(), subject.texts()).thenApply(scored -> {
      double worst = scored.rewards().stream().mapToDouble(Reward::normalized).min().orElseThrow();
      return new Finding(worst < spec.threshold(), worst, spec.threshold(), null, scored.modelVersion(), null);
    });
  }
}
