package dev.assay.guardrail.scoring;

import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The production classifiers this replica serves, one per registry name, loaded on first use. A promotion
 * (the {@code model.promoted} broadcast, which {@link ProductionModels} receives and hands on, or the
 * periodic registry check) loads the new version and swaps it in; requests in flight keep the scorer they
 * started with, which is closed a little later. A name without a production classifier is remembered for
 * a second, so a policy naming a classifier that is not served does not query the registry per request.
 */
@ApplicationScoped
public class ProductionClassifiers implements ClassifierModels {
  private static final Logger LOG = Logger.getLogger(ProductionClassifiers.class);
  private static final long ABSENCE_RECHECK_NANOS = 1_000_000_000L;

  private record Loaded(long id, ServedClassifier served) {}

  private final ModelRegistry registry;
  private final ScoringSettings scoringSettings;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
  /** When the registry last had no production classifier of a name (System.nanoTime). */
  private final Map<String, Long> absentSince = new ConcurrentHashMap<>();
  private final ScorerRetirement retirement;

  public ProductionClassifiers(ModelRegistry registry, ScoringSettings scoringSettings, ScorerRetirement retirement) {
    this.registry = registry;
    this.scoringSettings = scoringSettings;
    this.retirement = retirement;
  }

  @Override
  public Optional<ServedClassifier> production(String name) {
    Loaded current = loaded.get(name);
    if (current == null && !knownAbsent(name)) {
      refresh(name);
      current = loaded.get(name);
    }
    return Optional.ofNullable(current).map(Loaded::served);
  }

  private boolean knownAbsent(String name) {
    Long since = absentSince.get(name);
    return since != null && System.nanoTime() - since < ABSENCE_RECHECK_NANOS;
  }

  /**
   * A promotion broadcast: swaps the new version in if this replica serves the name or was asked for it; a
   * name no policy here has used is left to load on first use, so replicas do not hold every classifier.
   */
  public void onPromoted(String name) {
    if (loaded.containsKey(name) || absentSince.containsKey(name)) {
      refresh(name);
    }
  }

  @Scheduled(every = "${assay.scoring.registry-check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void checkRegistry() {
    List.copyOf(loaded.keySet()).forEach(this::refresh);
  }

  /** Loads the registry's production classifier of a name if it differs from the one served. */
  public synchronized void refresh(String name) {
    Optional<RegisteredModel> production = registry.productionClassifier(name);
    if (production.isEmpty()) {
      absentSince.put(name, System.nanoTime());
      Loaded current = loaded.remove(name);
      if (current != null) {
        // The registry is the truth: with no production version (archived by hand), stop serving it.
        LOG.warnf("No classifier %s is in production any more; unloading %s", name, current.served().version());
        retirement.retire(current.served().batcher(), current.served().scorer());
      }
      return;
    }
    absentSince.remove(name);
    RegisteredModel model = production.get();
    Loaded current = loaded.get(name);
    if (current != null && current.id() == model.id) {
      return;
    }
    try {
      ClassifierScorer scorer = ClassifierScorer.load(Path.of(model.artifactPath), 
          FeaturizerOptions.serving(scoringSettings.embeddingCacheEntries()));
      // A first pass before the swap, so the first requests on the new version are not slow.
      scorer.probabilities(List.of("Is this text what the classifier looks for?", "A second, warm-up text."));
      MicroBatcher<List<String>, double[][]> batcher =
          scoringSettings.batching().enabled() && scorer.gainsFromBatching()
              ? batcher(model.version(), scorer, scoringSettings.batching())
              : null;
      ServedClassifier served = new ServedClassifier(name, model.version(), scorer, batcher);
      Loaded previous = loaded.put(name, new Loaded(model.id, served));
      LOG.infof("Serving classifier %s", model.version());
      if (previous != null) {
        retirement.retire(previous.served().batcher(), previous.served().scorer());
      }
    } catch (ModelLoadException e) {
      LOG.errorf("Production classifier %s cannot be loaded, keeping the current one: %s", model.version(), e.getMessage());
    }
  }

  /**
   * A classifier's batcher: the texts of the requests in a batch go through one forward pass, and each
   * request gets its own rows back. A policy runs its classifiers in turn on every request, so their
   * batchers' threads together outnumber the cores and a free thread takes all that waits: sharing it
   * out, as a reward model's batcher does, assumes the other threads are about to be free, while they are
   * as likely busy with the next classifier. Measured with the layered policy's two MiniLM classifiers
   * (guardrail benchmark, quiet host): 143 decisions/s taking all, 119/s sharing out.
   */
  static MicroBatcher<List<String>, double[][]> batcher(String name, ClassifierScorer scorer,
      ScoringSettings.Batching settings) {
    return new MicroBatcher<>(name, requests -> {
      double[][] probabilities = scorer.probabilities(requests.stream().flatMap(List::stream).toList());
      List<double[][]> perRequest = new ArrayList<>(requests.size());
      int from = 0;
      for (List<String> texts : requests) {
        perRequest.add(Arrays.copyOfRange(probabilities, from, from + texts.size()));
        from += texts.size();
      }
      return perRequest;
    }, List::size, settings, false);
  }


  void close(@Observes ShutdownEvent event) {
    loaded.values().forEach(l -> {
      if (l.served().batcher() != null) {
        l.served().batcher().close();
      }
      l.served().scorer().close();
    });
  }
}
