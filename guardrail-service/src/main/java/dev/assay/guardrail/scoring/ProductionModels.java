package dev.assay.guardrail.scoring;

import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.ProductionScorers;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The models this replica scores with, one per kind. A promotion (broadcast on the fanout exchange,
 * or found by the periodic registry check) loads the new model in the background and swaps it in
 * atomically; requests in flight finish on the old one, which is closed a little later. That the
 * registry has no production model of a kind is remembered for a second, so a stream of requests
 * (comparisons without a preference model, scoring without any) does not query the registry each.
 */
@ApplicationScoped
public class ProductionModels implements ProductionScorers {
  private static final Logger LOG = Logger.getLogger(ProductionModels.class);
  private static final long ABSENCE_RECHECK_NANOS = 1_000_000_000L;

  /**
   * A loaded model and its registry entry; {@code batcher} is null when micro-batching is disabled
   * or the model does not gain from it (no sentence encoder: measured, its batcher only added the
   * hand-offs between threads to every request).
   */
  public record Active(long id, String version, RewardScorer scorer,
      MicroBatcher<RewardRequest, List<Reward>> batcher) {}

  /** What a reward model scores: responses to one prompt. */
  public record RewardRequest(List<Message> prompt, List<String> responses) {}

  /**
   * A reward model's batcher: each request's responses count towards the batch's items, and a free thread
   * takes its share of the requests waiting, as the other threads will be free as soon.
   */
  static MicroBatcher<RewardRequest, List<Reward>> rewardBatcher(String name, RewardScorer scorer,
      ScoringSettings.Batching settings) {
    return new MicroBatcher<>(name, requests -> scorer.scoreAll(
        requests.stream().map(RewardRequest::prompt).toList(),
        requests.stream().map(RewardRequest::responses).toList()),
        request -> request.responses().size(), settings, true);
  }

  private final ModelRegistry registry;
  private final Map<ModelKind, Active> active = new ConcurrentHashMap<>();
  /** When the registry last had no production model of a kind (System.nanoTime). */
  private final Map<ModelKind, Long> absentSince = new ConcurrentHashMap<>();
  private final ScoringSettings scoringSettings;
  private final ProductionClassifiers classifiers;
  private final ScorerRetirement retirement;

  public ProductionModels(ModelRegistry registry, ScoringSettings scoringSettings, ProductionClassifiers classifiers,
      ScorerRetirement retirement) {
    this.registry = registry;
    this.scoringSettings = scoringSettings;
    this.classifiers = classifiers;
    this.retirement = retirement;
  }

  /** The production model of a kind, loading it on first use. */
  public Optional<Active> current(ModelKind kind) {
    Active loaded = active.get(kind);
    if (loaded == null && !knownAbsent(kind)) {
      refresh(kind);
      loaded = active.get(kind);
    }
    return Optional.ofNullable(loaded);
  }

  /** The model of a kind if it is loaded already; never blocks (callers on the event loop use it). */
  @Override
  public Optional<Loaded> productionScorer(ModelKind kind) {
    return current(kind).map(model -> new Loaded(model.version(), model.scorer()));
  }

  public Optional<Active> loaded(ModelKind kind) {
    return Optional.ofNullable(active.get(kind));
  }

  /** Whether the registry had no production model of a kind a moment ago; never blocks. */
  public boolean knownAbsent(ModelKind kind) {
    Long since = absentSince.get(kind);
    return since != null && System.nanoTime() - since < ABSENCE_RECHECK_NANOS;
  }

  public Active require(ModelKind kind) {
    return current(kind).orElseThrow(() -> new ProblemException(503, "No Production Model",
        "no " + kind.name().toLowerCase() + " model is in production; promote one first", null, null));
  }

  @Incoming("model-promotions-in")
  @Blocking
  public void onPromoted(String payload) {
    // The registry publishes the event as a JSON string (text/plain on the wire): parse it here.
    JsonObject event = new JsonObject(payload);
    LOG.infof("model.promoted received: %s", event);
    ModelKind kind = ModelKind.valueOf(event.getString("kind"));
    if (kind == ModelKind.CLASSIFIER) {
      // One channel carries every promotion; classifiers are served by name.
      classifiers.onPromoted(event.getString("name"));
    } else {
      refresh(kind);
    }
  }

  @Scheduled(every = "${assay.scoring.registry-check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkRegistry() {
    for (ModelKind kind : ModelKind.values()) {
      if (kind != ModelKind.CLASSIFIER && active.containsKey(kind)) {
        refresh(kind);
      }
    }
  }

  /** Loads the registry's production model of a kind if it differs from the one in use. */
  public synchronized void refresh(ModelKind kind) {
    Optional<RegisteredModel> production = registry.production(kind.name());
    if (production.isEmpty()) {
      absentSince.put(kind, System.nanoTime());
    } else {
      absentSince.remove(kind);
    }
    Active current = active.get(kind);
    if (production.isEmpty() && current != null) {
      // The registry is the truth: with no production model (archived by hand), stop scoring with it.
      LOG.warnf("No %s model is in production any more; unloading %s", kind, current.version());
      active.remove(kind);
      retirement.retire(current.batcher(), current.scorer());
      return;
    }
    if (production.isEmpty() || (current != null && current.id() == production.get().id)) {
      return;
    }
    RegisteredModel model = production.get();
    try {
      RewardScorer scorer = RewardScorer.load(Path.of(model.artifactPath),
          FeaturizerOptions.serving(scoringSettings.embeddingCacheEntries()));
      warmUp(scorer);
      MicroBatcher<RewardRequest, List<Reward>> batcher =
          scoringSettings.batching().enabled() && scorer.gainsFromBatching()
              ? rewardBatcher(model.version(), scorer, scoringSettings.batching())
              : null;
      Active previous = active.put(kind, new Active(model.id, model.version(), scorer, batcher));
      LOG.infof("Scoring with %s model %s", kind, model.version());
      if (previous != null) {
        // New requests go to the new model from now on; the old batcher finishes what it has queued,
        // and the old model is closed once nothing can be using it any more.
        retirement.retire(previous.batcher(), previous.scorer());
      }
    } catch (ModelLoadException e) {
      LOG.errorf("Production model %s cannot be loaded, keeping the current one: %s", model.version(), e.getMessage());
    }
  }


  /** A first forward pass before the swap, so the first requests on the new model are not slow. */
  private static void warmUp(RewardScorer scorer) {
    List<Message> prompt = List.of(Message.user("How do I warm up a model?"));
    for (int i = 0; i < 3; i++) {
      scorer.score(prompt, List.of("Send it a request or two before real traffic arrives.", "No."));
      scorer.scoreAll(List.of(prompt, prompt), List.of(List.of("Like this."), List.of("And like this.")));
    }
  }

  void close(@Observes ShutdownEvent event) {
    active.values().forEach(a -> {
      if (a.batcher() != null) {
        a.batcher().close();
      }
      a.scorer().close();
    });
  }
}
