package dev.assay.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.training.TrainingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates, lists and cancels training runs. A run is queued through the outbox (event
 * {@code training.requested}), so it reaches the RabbitMQ work queue exactly when its row commits.
 */
@ApplicationScoped
public class TrainingRunService {
  static final String REQUESTED = "training.requested";

  private final SnapshotService snapshots;
  private final Outbox outbox;
  private final TrainerSettings settings;
  private final ObjectMapper json;
  private final EntityManager entityManager;
  private final AdminAudit audit;

  public TrainingRunService(
      SnapshotService snapshots, Outbox outbox, TrainerSettings settings, ObjectMapper json, EntityManager entityManager,
      AdminAudit audit) {
    this.snapshots = snapshots;
    this.outbox = outbox;
    this.settings = settings;
    this.json = json;
    this.entityManager = entityManager;
    this.audit = audit;
  }

  /** One epoch's logged metrics. */
  public record EpochLog(int epoch, Map<String, Object> metrics) {}

  @Transactional
  public TrainingRun create(RunRequest request, String user) {
    snapshots.get(request.snapshotId());
    TrainingConfig config = toConfig(request);
    TrainingRun run = new TrainingRun();
    run.snapshotId = request.snapshotId();
    run.config = json.convertValue(config, Map.class);
    run.state = TrainingRun.State.QUEUED;
    run.createdBy = user;
    run.createdAt = Instant.now();
    run.persist();
    outbox.record(REQUESTED, Map.of("runId", run.id));
    return run;
  }

  /** The configuration of a run that names none of its settings: the defaults a launch form shows. */
  public TrainingConfig defaults() {
    return TrainingConfig.builder().optFeaturizer(settings.defaultFeaturizer()).build();
  }

  TrainingConfig toConfig(RunRequest request) {
    TrainingConfig.Builder builder = TrainingConfig.builder()
        .optFeaturizer(request.featurizer() != null ? request.featurizer() : settings.defaultFeaturizer());
    if (request.kind() != null) {
      ModelKind kind;
      try {
        kind = ModelKind.valueOf(request.kind().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid("kind", "kind must be reward or preference but was \"" + request.kind() + "\"");
      }
      if (kind == ModelKind.CLASSIFIER) {
        // A run trains on a preference snapshot's pairs; classifiers learn from labelled texts.
        throw ProblemException.invalid("kind", "kind must be reward or preference but was \"" + request.kind()
            + "\"; classifiers are trained from a labelled file with `assay train --kind classifier`");
      }
      builder.optKind(kind);
    }
    if (request.hiddenSize() != null) builder.optHiddenSize(request.hiddenSize());
    if (request.epochs() != null) builder.optEpochs(request.epochs());
    if (request.batchSize() != null) builder.optBatchSize(request.batchSize());
    if (request.learningRate() != null) builder.optLearningRate(request.learningRate());
    if (request.weightDecay() != null) builder.optWeightDecay(request.weightDecay());
    if (request.useMargin() != null) builder.optUseMargin(request.useMargin());
    if (request.centeringCoefficient() != null) builder.optCenteringCoefficient(request.centeringCoefficient());
    if (request.earlyStoppingPatience() != null) builder.optEarlyStoppingPatience(request.earlyStoppingPatience());
    if (request.seed() != null) builder.optSeed(request.seed());
    TrainingConfig config;
    try {
      config = builder.build();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("config", e.getMessage());
    }
    RunLimits.check(config, settings.maxRunMemory().asLongValue());
    return config;
  }

  @Transactional
  public TrainingRun get(long id) {
    TrainingRun run = TrainingRun.findById(id);
    if (run == null) {
      throw ProblemException.notFound("training run", id);
    }
    return run;
  }

  @Transactional
  public List<TrainingRun> list() {
    return TrainingRun.list("order by id desc");
  }

  /** Cancels a queued or running run; the worker stops at its next step. Finished runs are left as they are. */
  @Transactional
  public TrainingRun cancel(long id, String user, boolean admin) {
    TrainingRun run = get(id);
    TrainingRunPolicy.requireMayCancel(run, user, admin);
    if (!run.state.finished()) {
      run.state = TrainingRun.State.CANCELLED;
      run.finishedAt = Instant.now();
      audit.record("run.cancel", "run:" + id, Map.of());
    }
    return run;
  }

  @Transactional
  public List<EpochLog> epochs(long id) {
    return epochsAfter(id, 0);
  }

  /** The epochs logged after the given one, in order. */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<EpochLog> epochsAfter(long id, int epoch) {
    List<Object[]> rows = entityManager
        .createNativeQuery("SELECT epoch, CAST(metrics AS text) FROM training_epoch WHERE run_id = ?1 AND epoch > ?2"
            + " ORDER BY epoch")
        .setParameter(1, id)
        .setParameter(2, epoch)
        .getResultList();
    return rows.stream().map(row -> {
      try {
        return new EpochLog(((Number) row[0]).intValue(), json.readValue((String) row[1], Map.class));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }
}
