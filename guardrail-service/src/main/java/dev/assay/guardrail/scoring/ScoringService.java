package dev.assay.guardrail.scoring;

import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.PromptText;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.PairPrediction;
import dev.assay.trainer.model.Reward;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Rewards for responses and preferences between two, from the production models, through each
 * model's micro-batcher when batching is on.
 *
 * <p>The {@code ...Async} methods never block the calling thread for long, so the REST endpoints
 * call them on the event loop: with the model loaded, a request is queued on its batcher and answered
 * when the batcher completes it. A model without a sentence encoder has no batcher: a request of up
 * to {@value #INLINE_CHARS} characters is scored right there on the calling thread (hashing and a
 * small head take well under a millisecond per response, less than a hand-off to another thread
 * costs). What may block (loading a model on first use, asking the registry whether there is one, a
 * forward pass of an encoder when batching is off, a large request) runs on a worker thread instead.
 */
@ApplicationScoped
public class ScoringService {
  /** Most characters (responses and prompt) a request may have to be scored on the calling thread. */
  static final int INLINE_CHARS = 4_000;

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

  private record Queued(ProductionModels.Active model, CompletableFuture<List<Reward>> rewards) {}

  /**
   * Rewards from the production reward model.
   *
   * @throws dev.assay.platform.problem.ProblemException 503 when no reward model is in production, or
   *     when the scoring queue is full or the scores do not arrive in time
   */
  public Scored score(List<Message> prompt, List<String> responses) {
    ProductionModels.Active model = models.require(ModelKind.REWARD);
    Queued queued = queue(ModelKind.REWARD, prompt, responses);
    if (queued == null) {
      return new Scored(model.version(), model.scorer().score(prompt, responses));
    }
    return new Scored(queued.model().version(), await(queued.rewards()));
  }

  /** {@link #score} without blocking the caller; the future fails with the same exceptions. */
  public CompletableFuture<Scored> scoreAsync(List<Message> prompt, List<String> responses) {
    ProductionModels.Active inline = inline(ModelKind.REWARD, prompt, responses);
    if (inline != null) {
      return inlineRewards(inline, prompt, responses).thenApply(rewards -> new Scored(inline.version(), rewards));
    }
    Queued queued = queue(ModelKind.REWARD, prompt, responses);
    if (queued == null) {
      return CompletableFuture.supplyAsync(() -> score(prompt, responses), Infrastructure.getDefaultWorkerPool());
    }
    return queued.rewards().thenApply(rewards -> new Scored(queued.model().version(), rewards));
  }

  /** From the preference model when one is in production, else from the reward model's difference. */
  public Compared compare(List<Message> prompt, String responseA, String responseB) {
    var preference = models.current(ModelKind.PREFERENCE);
    ModelKind kind = preference.isPresent() ? ModelKind.PREFERENCE : ModelKind.REWARD;
    ProductionModels.Active model = preference.orElseGet(() -> models.require(ModelKind.REWARD));
    List<String> pair = List.of(responseA, responseB);
    Queued queued = queue(kind, prompt, pair);
    if (queued == null) {
      return compared(kind, model, model.scorer().score(prompt, pair));
    }
    return compared(kind, queued.model(), await(queued.rewards()));
  }

  /** {@link #compare} without blocking the caller: A and B are scored in the model's next batch. */
  public CompletableFuture<Compared> compareAsync(List<Message> prompt, String responseA, String responseB) {
    // Without blocking, the preference model is known to be absent only for a moment after the registry said so.
    ModelKind kind = models.loaded(ModelKind.PREFERENCE).isPresent() ? ModelKind.PREFERENCE
        : models.knownAbsent(ModelKind.PREFERENCE) ? ModelKind.REWARD : null;
    List<String> pair = List.of(responseA, responseB);
    ProductionModels.Active inline = kind == null ? null : inline(kind, prompt, pair);
    if (inline != null) {
      return inlineRewards(inline, prompt, pair).thenApply(rewards -> compared(kind, inline, rewards));
    }
    Queued queued = kind == null ? null : queue(kind, prompt, pair);
    if (queued == null) {
      return CompletableFuture.supplyAsync(() -> compare(prompt, responseA, responseB),
          Infrastructure.getDefaultWorkerPool());
    }
    return queued.rewards().thenApply(rewards -> compared(kind, queued.model(), rewards));
  }

  private static Compared compared(ModelKind kind, ProductionModels.Active model, List<Reward> rewards) {
    PairPrediction prediction = model.scorer().compare(rewards.get(0), rewards.get(1));
    String method = kind == ModelKind.PREFERENCE ? "preference-model" : "reward-difference";
    return new Compared(model.version(), method, prediction.aBetter(), prediction.tie(), prediction.bBetter());
  }

  /** The loaded model, when it is cheap enough and the request small enough to score on the calling thread. */
  private ProductionModels.Active inline(ModelKind kind, List<Message> prompt, List<String> responses) {
    ProductionModels.Active model = models.loaded(kind).orElse(null);
    if (model == null || model.scorer().gainsFromBatching()) {
      return null;
    }
    long chars = PromptText.lastUserTurn(prompt).length();
    for (String response : responses) {
      chars += response.length();
    }
    return chars <= INLINE_CHARS ? model : null;
  }

  private static CompletableFuture<List<Reward>> inlineRewards(ProductionModels.Active model, List<Message> prompt,
      List<String> responses) {
    try {
      return CompletableFuture.completedFuture(model.scorer().score(prompt, responses));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Queues a request on the loaded model's batcher; null when none is loaded or batching is off. */
  private Queued queue(ModelKind kind, List<Message> prompt, List<String> responses) {
    // A model swap closes the old batcher after the new model is in place: a request that raced it goes to the new one.
    for (int attempt = 0; ; attempt++) {
      ProductionModels.Active model = models.loaded(kind).orElse(null);
      if (model == null || model.batcher() == null) {
        return null;
      }
      try {
        return new Queued(model,
            withTimeout(model.batcher().submit(new ProductionModels.RewardRequest(prompt, responses))));
      } catch (IllegalStateException closed) {
        if (attempt >= 3) {
          throw closed;
        }
      }
    }
  }

  private CompletableFuture<List<Reward>> withTimeout(CompletableFuture<List<Reward>> rewards) {
    long millis = settings.batching().timeout().toMillis();
    // orTimeout completes the batcher's own future, so the batcher drops a request nobody waits for.
    return rewards.orTimeout(millis, TimeUnit.MILLISECONDS).handle((result, failure) -> {
      if (failure == null) {
        return result;
      }
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause instanceof TimeoutException) {
        throw new RetryLaterException(503, "Scoring Timed Out",
            "the scores did not arrive within " + settings.batching().timeout(), 1);
      }
      throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException("scoring failed", cause);
    });
  }

  private static <T> T await(CompletableFuture<T> result) {
    try {
      return result.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }
}
