package dev.assay.trainer.scoring;

import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The models this replica scores with, one per kind. A promotion (broadcast on the fanout exchange,
 * or found by the periodic registry check) loads the new model in the background and swaps it in
 * atomically; requests in flight finish on the old one, which is closed a little later.
 */
@ApplicationScoped
public class ProductionModels {
  private static final Logger LOG = Logger.getLogger(ProductionModels.class);
  private static final long RETIRE_DELAY_SECONDS = 30;

  /** A loaded model and its registry entry. */
  public record Active(long id, String version, RewardScorer scorer) {}

  private final ModelRegistry registry;
  private final TrainerSettings settings;
  private final Map<ModelKind, Active> active = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "assay-model-retirer");
    thread.setDaemon(true);
    return thread;
  });

  public ProductionModels(ModelRegistry registry, TrainerSettings settings) {
    this.registry = registry;
    this.settings = settings;
  }

  /** The production model of a kind, loading it on first use. */
  public Optional<Active> current(ModelKind kind) {
    Active loaded = active.get(kind);
    if (loaded == null) {
      refresh(kind);
      loaded = active.get(kind);
    }
    return Optional.ofNullable(loaded);
  }

  public Active require(ModelKind kind) {
    return current(kind).orElseThrow(() -> new ProblemException(503, "No Production Model",
        "no " + kind.name().toLowerCase() + " model is in production; promote one first", null, null));
  }

  @Incoming("model-promotions-in")
  @Blocking
  public void onPromoted(JsonObject event) {
    LOG.infof("model.promoted received: %s", event);
    refresh(ModelKind.valueOf(event.getString("kind")));
  }

  @Scheduled(every = "${assay.scoring.registry-check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkRegistry() {
    for (ModelKind kind : ModelKind.values()) {
      if (active.containsKey(kind)) {
        refresh(kind);
      }
    }
  }

  /** Loads the registry's production model of a kind if it differs from the one in use. */
  synchronized void refresh(ModelKind kind) {
    Optional<RegisteredModel> production = registry.production(kind.name());
    Active current = active.get(kind);
    if (production.isEmpty() || (current != null && current.id() == production.get().id)) {
      return;
    }
    RegisteredModel model = production.get();
    try {
      RewardScorer scorer = RewardScorer.load(Path.of(model.artifactPath), settings.featurizerOptions());
      Active previous = active.put(kind, new Active(model.id, model.version(), scorer));
      LOG.infof("Scoring with %s model %s", kind, model.version());
      if (previous != null) {
        retirer.schedule(previous.scorer()::close, RETIRE_DELAY_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ModelLoadException e) {
      LOG.errorf("Production model %s cannot be loaded, keeping the current one: %s", model.version(), e.getMessage());
    }
  }

  void close(@Observes ShutdownEvent event) {
    retirer.shutdownNow();
    active.values().forEach(a -> a.scorer().close());
  }
}
