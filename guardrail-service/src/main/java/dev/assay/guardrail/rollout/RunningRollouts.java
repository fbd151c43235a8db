package dev.assay.guardrail.rollout;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.ModelOverride;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.scoring.ClassifierModels.ServedClassifier;
import dev.assay.guardrail.scoring.ScorerRetirement;
import dev.assay.guardrail.scoring.ScoringSettings;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The rollouts this replica routes, by policy name: a check asks with one map lookup, so a policy without
 * a rollout costs nothing more. Rollouts started or ended here apply at once; those of other replicas are
 * read every {@code assay.guardrail.rollout.refresh-interval}.
 */
@ApplicationScoped
public class RunningRollouts {
  private static final Logger LOG = Logger.getLogger(RunningRollouts.class);

  private final GuardrailEngine engine;
  private final PolicyService policies;
  private final ModelRegistry registry;
  private final ScoringSettings scoring;
  private final ScorerRetirement retirement;
  private final Map<String, RunningRollout> byPolicy = new ConcurrentHashMap<>();

  public RunningRollouts(GuardrailEngine engine, PolicyService policies, ModelRegistry registry,
      ScoringSettings scoring, ScorerRetirement retirement) {
    this.engine = engine;
    this.policies = policies;
    this.registry = registry;
    this.scoring = scoring;
    this.retirement = retirement;
  }

  /** The running rollout of a policy, or null. */
  public RunningRollout running(String policy) {
    return byPolicy.get(policy);
  }

  /** The canary that serves this request of a policy, or null when production does. */
  public RunningRollout canaryFor(String policy, String caller, String requestKey) {
    RunningRollout rollout = byPolicy.get(policy);
    return rollout != null && rollout.canary() && rollout.servesCandidate(caller, requestKey) ? rollout : null;
  }

  public Collection<RunningRollout> all() {
    return byPolicy.values();
  }

  /**
   * Loads a rollout's candidate: a registered classifier or reward model, or a policy version.
   *
   * @throws ModelLoadException when the model's files cannot be loaded
   */
  RunningRollout load(Rollout rollout) throws ModelLoadException {
    if (rollout.candidatePolicyVersion != null) {
      Policy candidate = policies.resolve(rollout.policy, rollout.candidatePolicyVersion);
      return new RunningRollout(rollout, engine, candidate);
    }
    RegisteredModel model = registry.get(rollout.candidateModelId);
    FeaturizerOptions options = FeaturizerOptions.serving(scoring.embeddingCacheEntries());
    if (model.isClassifier()) {
      ClassifierScorer scorer = ClassifierScorer.load(Path.of(model.artifactPath), options);
      return new RunningRollout(rollout, engine,
          ModelOverride.classifier(new ServedClassifier(model.name, model.version(), scorer)), scorer);
    }
    RewardScorer scorer = RewardScorer.load(Path.of(model.artifactPath), options);
    return new RunningRollout(rollout, engine, ModelOverride.reward(model.version(), scorer), scorer);
  }

  /** Routes a rollout started on this replica. */
  synchronized void started(RunningRollout rollout) {
    RunningRollout previous = byPolicy.put(rollout.policy(), rollout);
    if (previous != null && previous.id() != rollout.id()) {
      retire(previous);
    }
  }

  /** Stops routing a rollout that ended; requests in flight finish on its candidate. */
  synchronized void ended(String policy, long id) {
    RunningRollout current = byPolicy.get(policy);
    if (current != null && current.id() == id) {
      byPolicy.remove(policy);
      retire(current);
    }
  }

  void start(@Observes StartupEvent event, @ConfigProperty(name = "assay.roles.background") boolean background) {
    if (background) {
      refresh();
    }
  }

  /** Brings this replica in line with the rollouts that run: started or ended on other replicas. */
  @Scheduled(every = "${assay.guardrail.rollout.refresh-interval:5s}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void refresh() {
    List<Rollout> rows = QuarkusTransaction.requiringNew().call(() -> Rollout.<Rollout>list("state", Rollout.RUNNING));
    Set<Long> running = rows.stream().map(r -> r.id).collect(Collectors.toSet());
    for (RunningRollout loaded : List.copyOf(byPolicy.values())) {
      if (!running.contains(loaded.id())) {
        ended(loaded.policy(), loaded.id());
      }
    }
    for (Rollout row : rows) {
      RunningRollout loaded = byPolicy.get(row.policy);
      if (loaded == null || loaded.id() != row.id) {
        try {
          started(load(row));
        } catch (ModelLoadException | RuntimeException e) {
          LOG.errorf("Rollout %d of policy %s cannot be loaded; production serves all its traffic: %s", row.id,
              row.policy, e.getMessage());
        }
      }
    }
  }

  private void retire(RunningRollout rollout) {
    if (rollout.candidateModel() != null) {
      retirement.closeLater(rollout.candidateModel());
    }
  }

  void close(@Observes ShutdownEvent event) {
    for (RunningRollout rollout : byPolicy.values()) {
      try {
        if (rollout.candidateModel() != null) {
          rollout.candidateModel().close();
        }
      } catch (Exception e) {
        LOG.debugf(e, "Candidate of rollout %d did not close", rollout.id());
      }
    }
  }
}
