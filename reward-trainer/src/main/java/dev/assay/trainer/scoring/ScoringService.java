package dev.assay.trainer.scoring;

import dev.assay.store.record.Message;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.PairPrediction;
import dev.assay.trainer.model.Reward;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Rewards for responses and preferences between two, from the production models. */
@ApplicationScoped
public class ScoringService {
  private final ProductionModels models;
  private final ScoringSettings settings;

  public ScoringService(ProductionModels models, ScoringSettings settings) {
    this.models = models;
    this.settings = settings;
  }

  /** Rewards and the model version that produced them. */
  public record Scored(String modelVersion, List<Reward> rewards) {}

  /** P(A better) and where it came from. */
  public record Compared(String modelVersion, String method, double aBetter, double tie, double bBetter) {}

  /**
   * Rewards from the production reward model, through its micro-batcher when batching is on.
   *
   * @throws dev.assay.platform.problem.ProblemException 503 when no reward model is in production, or
   *     when the scoring queue is full or the scores do not arrive in time
   */
  public Scored score(List<Message> prompt, List<String> responses) {
    // A model swap closes the old batcher; a request that raced it simply goes to the new one.
    for (int attempt = 0; ; attempt++) {
      ProductionModels.Active model = models.require(ModelKind.REWARD);
      if (model.batcher() == null) {
        return new Scored(model.version(), model.scorer().score(prompt, responses));
      }
      CompletableFuture<List<Reward>> result;
      try {
        result = model.batcher().submit(prompt, responses);
      } catch (IllegalStateException closed) {
        if (attempt < 3) {
          continue;
        }
        throw closed;
      }
      return new Scored(model.version(), await(result));
    }
  }

  private List<Reward> await(CompletableFuture<List<Reward>> result) {
    try {
      return result.get(settings.batching().timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(false);
      throw new RetryLaterException(503, "Scoring Timed Out",
          "the scores did not arrive within " + settings.batching().timeout(), 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for scores", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("scoring failed", e.getCause());
    }
  }

  /** From the preference model when one is in production, else from the reward model's difference. */
  public Compared compare(List<Message> prompt, String responseA, String responseB) {
    var preference = models.current(ModelKind.PREFERENCE);
    ProductionModels.Active model = preference.orElseGet(() -> models.require(ModelKind.REWARD));
    PairPrediction prediction = model.scorer().compare(prompt, responseA, responseB);
    String method = preference.isPresent() ? "preference-model" : "reward-difference";
    return new Compared(model.version(), method, prediction.aBetter(), prediction.tie(), prediction.bBetter());
  }
}
