package dev.assay.trainer.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.data.SnapshotPairs;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.ClassifierReport;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.ModelManifest;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The model registry: artifacts under {@code <data-dir>/models/<name>/v<version>}, metadata in
 * PostgreSQL. A candidate reaches production only through the safety regression gate: on the
 * evaluation set it must be at least as accurate as the current production model (less a configured
 * tolerance). Every gate verdict is stored. Promotion is broadcast as {@code model.promoted} on the
 * fanout exchange {@code assay.models}, so every scorer replica swaps the new model in.
 */
@ApplicationScoped
public class ModelRegistry {
  private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

  private final TrainerSettings settings;
  private final RegistrySettings registrySettings;
  private final SnapshotService snapshots;
  private final SnapshotPairs snapshotPairs;
  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final MutinyEmitter<String> promotions;

  private static final Pattern CLASSIFIER_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public ModelRegistry(
      TrainerSettings settings, RegistrySettings registrySettings, SnapshotService snapshots,
      SnapshotPairs snapshotPairs, EntityManager entityManager, ObjectMapper json, @Channel("model-promotions") MutinyEmitter<String> promotions) {
    this.settings = settings;
    this.registrySettings = registrySettings;
    this.snapshots = snapshots;
    this.snapshotPairs = snapshotPairs;
    this.entityManager = entityManager;
    this.json = json;
    this.promotions = promotions;
  }

  /**
   * The verdict of a promotion gate.
   *
   * @param metric what was compared: {@code pair accuracy} for reward and preference models, {@code macro F1}
   *     for classifiers
   * @param examples the pairs or labelled texts the scores were measured on (0 when stored reports were compared)
   * @param evaluationSet where the scores come from
   */
  public record GateReport(
      boolean passed, Long baselineId, String metric, double candidateScore, Double baselineScore, double tolerance,
      int examples, String evaluationSet) {}

  /**
   * Evaluates a finished run's model on the test split and registers it as a candidate.
   *
   * @return the new model's id
   */
  public long register(long runId, long snapshotId, TrainingResult result, PairSet test) {
    EvaluationReport report = evaluate(result.modelDirectory(), test);
    String kind = result.manifest().kind().name();
    String name = kind.toLowerCase();
    String snapshotHash = snapshots.get(snapshotId).contentHash();
    return QuarkusTransaction.requiringNew().call(() -> {
      int version = ((Number) entityManager
          .createNativeQuery("SELECT coalesce(max(version), 0) + 1 FROM reward_model WHERE name = ?1")
          .setParameter(1, name)
          .getSingleResult()).intValue();
      Path artifact = settings.modelsDir().resolve(name).resolve("v" + version);
      copyDirectory(result.modelDirectory(), artifact);
      RegisteredModel model = new RegisteredModel();
      model.name = name;
      model.version = version;
      model.kind = kind;
      model.stage = RegisteredModel.Stage.CANDIDATE;
      model.artifactPath = artifact.toAbsolutePath().toString();
      model.featurizer = result.manifest().featurizer();
      model.snapshotId = snapshotId;
      model.snapshotHash = snapshotHash;
      model.runId = runId;
      model.config = json.convertValue(result.manifest().trainingConfig(), Map.class);
      model.report = json.convertValue(report, Map.class);
      model.rewardMean = result.manifest().rewardMean();
      model.rewardStd = result.manifest().rewardStd();
      model.createdAt = Instant.now();
      model.persist();
      return model.id;
    });
  }

  /**
   * Registers a classifier trained outside a training run ({@code train --kind classifier}) as a candidate
   * named {@code name}: the directory is loaded first, so only a usable classifier gets in. Its report is
   * the evaluation stored with it (its test split).
   *
   * @return the new model's id
   * @throws ProblemException 422 for a name that is not lower-case words joined by hyphens or that a reward
   *     model kind uses, or a directory that holds no loadable classifier
   */
  public long registerClassifier(Path modelDirectory, String name) {
    return registerClassifier(modelDirectory, name, null);
  }

  /**
   * As {@link #registerClassifier(Path, String)}, with labelled examples (CSV or JSON lines in the model's
   * columns) stored beside the artifact: the promotion gate compares the candidate with production on them.
   *
   * @param evaluationFile the examples, or null for none
   * @throws ProblemException 422 naming {@code evaluation} when the file holds no readable examples
   */
  public long registerClassifier(Path modelDirectory, String name, Path evaluationFile) {
    if (name == null || name.length() > 64 || !CLASSIFIER_NAME.matcher(name).matches()
        || Arrays.stream(ModelKind.values()).anyMatch(k -> k != ModelKind.CLASSIFIER && k.name().equalsIgnoreCase(name))) {
      throw ProblemException.invalid("name", "a classifier's name is lower-case letters, digits and hyphens (at most 64)"
          + " and not a reward model kind, but was \"" + name + "\"");
    }
    ModelManifest manifest;
    try (ClassifierScorer scorer = ClassifierScorer.load(modelDirectory, settings.featurizerOptions())) {
      manifest = scorer.manifest();
      if (evaluationFile != null) {
        readEvaluation(evaluationFile, scorer.columns());
      }
    } catch (ModelLoadException e) {
      throw ProblemException.invalid("model", e.getMessage());
    }
    return QuarkusTransaction.requiringNew().call(() -> {
      int version = ((Number) entityManager
          .createNativeQuery("SELECT coalesce(max(version), 0) + 1 FROM reward_model WHERE name = ?1")
          .setParameter(1, name)
          .getSingleResult()).intValue();
      Path artifact = settings.modelsDir().resolve(name).resolve("v" + version);
      copyDirectory(modelDirectory, artifact);
      RegisteredModel model = new RegisteredModel();
      model.name = name;
      model.version = version;
      model.kind = ModelKind.CLASSIFIER.name();
      model.stage = RegisteredModel.Stage.CANDIDATE;
      model.artifactPath = artifact.toAbsolutePath().toString();
      model.featurizer = manifest.featurizer();
      model.config = json.convertValue(manifest.trainingConfig(), Map.class);
      model.report = manifest.evaluation() == null || manifest.evaluation().isNull()
          ? Map.of() : json.convertValue(manifest.evaluation(), Map.class);
      if (evaluationFile != null) {
        // The name keeps the file's extension: the reader tells CSV from JSON lines by it.
        Path stored = artifact.resolveSibling("v" + version + "-evaluation-" + evaluationFile.getFileName());
        copyFile(evaluationFile, stored);
        model.evaluationPath = stored.toAbsolutePath().toString();
      }
      model.createdAt = Instant.now();
      model.persist();
      AdminAudit.log("model.register", "model:" + model.id, Map.of("version", model.version(), "kind", model.kind));
      return model.id;
    });
  }

  /**
   * Promotes a candidate to production if it passes the gate; the verdict is stored either way. A classifier
   * replaces only the production classifier of its name, so classifiers of different names serve side by side.
   *
   * @throws ProblemException 409 with the gate's numbers when the candidate is worse, or when a classifier
   *     cannot be compared with production (no evaluation file and no stored report)
   */
  public GateReport promote(long modelId, String user) {
    RegisteredModel candidate = get(modelId);
    if (candidate.stage != RegisteredModel.Stage.CANDIDATE) {
      throw ProblemException.conflict("model " + candidate.version() + " is " + candidate.stage + ", not a candidate");
    }
    Optional<RegisteredModel> baseline = QuarkusTransaction.requiringNew().call(() -> candidate.isClassifier()
        ? RegisteredModel.productionClassifier(candidate.name)
        : RegisteredModel.production(candidate.kind));
    GateReport gate = candidate.isClassifier() ? classifierGate(candidate, baseline) : rewardGate(candidate, baseline);
    QuarkusTransaction.requiringNew().run(() -> {
      entityManager
          .createNativeQuery("INSERT INTO promotion_gate (model_id, baseline_id, passed, report, created_by)"
              + " VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5)")
          .setParameter(1, modelId)
          .setParameter(2, gate.baselineId())
          .setParameter(3, gate.passed())
          .setParameter(4, toJson(gate))
          .setParameter(5, user)
          .executeUpdate();
      AdminAudit.log("model.promote", "model:" + modelId, Map.of("version", candidate.version(), "passed", gate.passed()));
      if (gate.passed()) {
        if (candidate.isClassifier()) {
          RegisteredModel.update("stage = ?1 where kind = ?2 and name = ?3 and stage = ?4", RegisteredModel.Stage.ARCHIVED,
              candidate.kind, candidate.name, RegisteredModel.Stage.PRODUCTION);
        } else {
          RegisteredModel.update("stage = ?1 where kind = ?2 and stage = ?3",
              RegisteredModel.Stage.ARCHIVED, candidate.kind, RegisteredModel.Stage.PRODUCTION);
        }
        RegisteredModel promoted = RegisteredModel.findById(modelId);
        promoted.stage = RegisteredModel.Stage.PRODUCTION;
        promoted.promotedAt = Instant.now();
      }
    });
    if (!gate.passed()) {
      throw new ProblemException(409, "Regression Gate Failed",
          String.format("candidate %s %.4f is below production's %.4f minus tolerance %.4f on %s", gate.metric(),
              gate.candidateScore(), gate.baselineScore(), gate.tolerance(), gate.evaluationSet()), null, null);
    }
    broadcastPromotion(candidate);
    return gate;
  }

  /** Reward and preference models: pairwise accuracy on a snapshot's test split. */
  private GateReport rewardGate(RegisteredModel candidate, Optional<RegisteredModel> baseline) {
    long evaluationSnapshot = registrySettings.snapshotId().orElse(candidate.snapshotId);
    PairSet evaluationSet = snapshotPairs.pairs(evaluationSnapshot, "test");
    double candidateAccuracy = evaluate(Path.of(candidate.artifactPath), evaluationSet).accuracy();
    Double baselineAccuracy =
        baseline.map(b -> evaluate(Path.of(b.artifactPath), evaluationSet).accuracy()).orElse(null);
    double tolerance = registrySettings.tolerance();
    boolean passed = baselineAccuracy == null || candidateAccuracy >= baselineAccuracy - tolerance;
    return new GateReport(passed, baseline.map(b -> b.id).orElse(null), "pair accuracy", candidateAccuracy,
        baselineAccuracy, tolerance, evaluationSet.pairs().size(), "snapshot " + evaluationSnapshot + " test split");
  }

  /**
   * Classifiers: pair accuracy means nothing for them, so the gate compares macro F1 (every class counts
   * alike, so a rare harmful class is not drowned by the common one). Both models are scored on the
   * evaluation file registered with the candidate when there is one, the fair comparison; otherwise their
   * stored held-out reports are compared, each measured on its own test split. The first classifier of a
   * name passes: there is nothing to regress from.
   */
  private GateReport classifierGate(RegisteredModel candidate, Optional<RegisteredModel> baseline) {
    double tolerance = registrySettings.classifierTolerance();
    Long baselineId = baseline.map(b -> b.id).orElse(null);
    if (candidate.evaluationPath != null) {
      Path file = Path.of(candidate.evaluationPath);
      ClassifierReport candidateReport = evaluateClassifier(Path.of(candidate.artifactPath), file);
      Double baselineF1 = baseline.map(b -> evaluateClassifier(Path.of(b.artifactPath), file).macroF1()).orElse(null);
      boolean passed = baselineF1 == null || candidateReport.macroF1() >= baselineF1 - tolerance;
      return new GateReport(passed, baselineId, "macro F1", candidateReport.macroF1(), baselineF1, tolerance,
          candidateReport.examples(), "evaluation file " + file.getFileName() + " registered with the candidate");
    }
    Double candidateF1 = storedMacroF1(candidate);
    Double baselineF1 = baseline.map(ModelRegistry::storedMacroF1).orElse(null);
    if (baseline.isPresent() && (candidateF1 == null || baselineF1 == null)) {
      throw ProblemException.conflict("model " + candidate.version() + " cannot be compared with production "
          + baseline.get().version() + ": a stored held-out report is missing; register it with an evaluation file");
    }
    boolean passed = baselineF1 == null || candidateF1 >= baselineF1 - tolerance;
    return new GateReport(passed, baselineId, "macro F1", candidateF1 == null ? 0 : candidateF1, baselineF1, tolerance,
        0, "stored held-out reports (each model's own test split)");
  }

  private static Double storedMacroF1(RegisteredModel model) {
    return model.report != null && model.report.get("macro_f1") instanceof Number f1 ? f1.doubleValue() : null;
  }

  private void broadcastPromotion(RegisteredModel model) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "model.promoted");
    event.put("modelId", model.id);
    event.put("kind", model.kind);
    event.put("name", model.name);
    event.put("version", model.version());
    try {
      promotions.sendAndAwait(toJson(event));
    } catch (RuntimeException e) {
      // Scorers also re-read the registry periodically, so a lost broadcast only delays the swap.
      LOG.warnf("model.promoted for %s not broadcast (%s); scorers will pick it up on their next check",
          model.version(), e.getMessage());
    }
  }

  public RegisteredModel get(long id) {
    RegisteredModel model = QuarkusTransaction.requiringNew().call(() -> RegisteredModel.<RegisteredModel>findById(id));
    if (model == null) {
      throw ProblemException.notFound("model", id);
    }
    return model;
  }

  public List<RegisteredModel> list() {
    return QuarkusTransaction.requiringNew().call(() -> RegisteredModel.list("order by id desc"));
  }

  public Optional<RegisteredModel> production(String kind) {
    return QuarkusTransaction.requiringNew().call(() -> RegisteredModel.production(kind));
  }

  public Optional<RegisteredModel> productionClassifier(String name) {
    return QuarkusTransaction.requiringNew().call(() -> RegisteredModel.productionClassifier(name));
  }


  private EvaluationReport evaluate(Path modelDirectory, PairSet pairs) {
    try (RewardScorer scorer = RewardScorer.load(modelDirectory, settings.featurizerOptions())) {
      return new PairEvaluator().evaluate(scorer, pairs);
    } catch (ModelLoadException e) {
      throw new IllegalStateException("model at " + modelDirectory + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private ClassifierReport evaluateClassifier(Path modelDirectory, Path evaluationFile) {
    try (ClassifierScorer scorer = ClassifierScorer.load(modelDirectory, settings.featurizerOptions())) {
      return new ClassifierEvaluator().evaluate(scorer, readEvaluation(evaluationFile, scorer.columns()).examples());
    } catch (ModelLoadException e) {
      throw new IllegalStateException("model at " + modelDirectory + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * The examples of an evaluation file, in the model's text and label columns (it need not have the group
   * column: nothing is split).
   *
   * @throws ProblemException 422 naming {@code evaluation} when the file holds no readable examples
   */
  private static LabeledTextSet readEvaluation(Path file, TextColumns modelColumns) {
    TextColumns columns = new TextColumns(modelColumns.text(), modelColumns.label(), null);
    try {
      LabeledTextSet examples = LabeledTexts.read(file, columns);
      if (examples.examples().isEmpty()) {
        throw ProblemException.invalid("evaluation", "the evaluation file holds no labelled examples in columns "
            + columns.text() + " and " + columns.label());
      }
      return examples;
    } catch (IOException | IllegalArgumentException e) {
      throw ProblemException.invalid("evaluation", "the evaluation file cannot be read: " + e.getMessage());
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyFile(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not store " + from + " as " + to, e);
    }
  }

  private static void copyDirectory(Path from, Path to) {
    try (var files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not store the model artifact in " + to, e);
    }
  }
}
