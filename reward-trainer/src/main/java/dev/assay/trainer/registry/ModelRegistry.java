package dev.assay.trainer.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.data.SnapshotPairs;
import dev.assay.trainer.evaluation.ClassifierEvaluator;
import dev.assay.trainer.evaluation.EvaluationReport;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.evaluation.Statistics;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.ModelManifest;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.model.TextColumns;
import dev.assay.trainer.training.LabeledText;
import dev.assay.trainer.training.LabeledTextSet;
import dev.assay.trainer.training.LabeledTexts;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingResult;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The model registry: artifacts under {@code <data-dir>/models/<name>/v<version>}, metadata in
 * PostgreSQL. A candidate reaches production only through the safety regression gate: on the
 * evaluation set it must reach an absolute minimum and must not be worse than the current production model
 * (less a configured tolerance) by more than sampling noise explains, and the configured
 * {@link PromotionCheck}s (gating suites) must pass. Every gate verdict is stored; a rollback brings back
 * the previous production model. Promotion is broadcast as {@code model.promoted} on the
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
  private final Instance<PromotionCheck> checks;
  private final AdminAudit audit;
  private static final long BOOTSTRAP_SEED = 20261208L;

  private static final Pattern CLASSIFIER_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public ModelRegistry(
      TrainerSettings settings, RegistrySettings registrySettings, SnapshotService snapshots,
      SnapshotPairs snapshotPairs, EntityManager entityManager, ObjectMapper json,
      @Channel("model-promotions") MutinyEmitter<String> promotions, @Any Instance<PromotionCheck> checks,
      AdminAudit audit) {
    this.settings = settings;
    this.registrySettings = registrySettings;
    this.snapshots = snapshots;
    this.snapshotPairs = snapshotPairs;
    this.entityManager = entityManager;
    this.json = json;
    this.promotions = promotions;
    this.checks = checks;
    this.audit = audit;
  }

  /**
   * The verdict of a promotion gate.
   *
   * @param metric what was compared: {@code pair accuracy} for reward and preference models, {@code macro F1}
   *     for classifiers
   * @param examples the pairs or labelled texts the scores were measured on (0 when stored reports were compared,
   *     or when there was nothing to evaluate on)
   * @param evaluationSet where the scores come from
   * @param minimum the absolute bound every candidate must reach, the first one included
   * @param regressionPValue the paired bootstrap's one-sided p-value for a drop beyond the tolerance (null when
   *     there is no production model, or the two scores were not measured on the same items)
   * @param rule the rule applied, in words
   * @param failures why the candidate was refused, one line each; empty when it passed
   * @param checks the verdicts of the configured {@link PromotionCheck}s (gating suites)
   */
  public record GateReport(
      boolean passed, Long baselineId, String metric, double candidateScore, Double baselineScore, double tolerance,
      int examples, String evaluationSet, double minimum, Double regressionPValue, String rule, List<String> failures,
      List<PromotionCheck.Result> checks) {}

  /** A rollback: the model taken out of production and the one brought back. */
  public record Rollback(RegisteredModel from, RegisteredModel to) {}

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
      audit.record("model.register", "model:" + model.id, Map.of("version", model.version(), "kind", model.kind));
      return model.id;
    });
  }

  /**
   * Promotes a candidate to production if it passes the gate; the verdict is stored either way. A classifier
   * replaces only the production classifier of its name, so classifiers of different names serve side by side.
   * The gate: the candidate's metric must reach an absolute minimum, must not regress against production
   * beyond the tolerance by more than sampling noise explains, and every configured {@link PromotionCheck}
   * must pass. No evaluation data is a refusal, not a pass.
   *
   * @throws ProblemException 409 with the gate's report (member {@code gate}) when the candidate is refused
   */
  public GateReport promote(long modelId, String user) {
    RegisteredModel candidate = get(modelId);
    if (candidate.stage != RegisteredModel.Stage.CANDIDATE) {
      throw ProblemException.conflict("model " + candidate.version() + " is " + candidate.stage + ", not a candidate");
    }
    Optional<RegisteredModel> baseline = QuarkusTransaction.requiringNew().call(() -> candidate.isClassifier()
        ? RegisteredModel.productionClassifier(candidate.name)
        : RegisteredModel.production(candidate.kind));
    GateReport metricGate = candidate.isClassifier()
        ? classifierGate(candidate, baseline) : rewardGate(candidate, baseline);
    GateReport gate = withChecks(metricGate, candidate, baseline);
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
      audit.record("model.promote", "model:" + modelId, Map.of("version", candidate.version(), "passed", gate.passed()));
      if (gate.passed()) {
        archiveProduction(candidate);
        RegisteredModel promoted = RegisteredModel.findById(modelId);
        promoted.stage = RegisteredModel.Stage.PRODUCTION;
        promoted.promotedAt = Instant.now();
      }
    });
    if (!gate.passed()) {
      throw new ProblemException(409, "Regression Gate Failed", "model " + candidate.version() + " refused: "
          + String.join("; ", gate.failures()), Map.of("gate", json.convertValue(gate, Map.class)));
    }
    broadcastPromotion(candidate);
    return gate;
  }

  /**
   * Brings back the model that was in production before the current one of a reward model kind or of a
   * classifier name, as a promotion does (scorers swap it in on {@code model.promoted}); the current one is
   * archived and marked rolled back, so a later rollback never brings it back. Audited as
   * {@code model.rollback} on the restored model.
   *
   * @param kind REWARD, PREFERENCE or CLASSIFIER
   * @param name the classifier's name (ignored for reward models)
   * @throws ProblemException 409 when nothing is in production or nothing was before it
   */
  public Rollback rollback(String kind, String name, String user) {
    ModelKind modelKind = modelKind(kind);
    boolean classifier = modelKind == ModelKind.CLASSIFIER;
    String what = classifier ? "classifier " + name : modelKind.name() + " model";
    Rollback rollback = QuarkusTransaction.requiringNew().call(() -> {
      entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('model_production:' || ?1))")
          .setParameter(1, classifier ? "classifier:" + name : modelKind.name()).getSingleResult();
      RegisteredModel current = (classifier ? RegisteredModel.productionClassifier(name)
          : RegisteredModel.production(modelKind.name()))
          .orElseThrow(() -> ProblemException.conflict("nothing to roll back: no " + what + " is in production"));
      RegisteredModel previous = RegisteredModel.<RegisteredModel>find("kind = ?1 and name = ?2 and stage = ?3"
              + " and promotedAt is not null and promotedAt < ?4 and rolledBackAt is null order by promotedAt desc",
              current.kind, current.name, RegisteredModel.Stage.ARCHIVED, current.promotedAt)
          .firstResultOptional()
          .orElseThrow(() -> ProblemException.conflict("nothing to roll back to: " + current.version()
              + " is the first " + what + " in production"));
      current.stage = RegisteredModel.Stage.ARCHIVED;
      current.rolledBackAt = Instant.now();
      entityManager.flush();
      previous.stage = RegisteredModel.Stage.PRODUCTION;
      audit.record("model.rollback", "model:" + previous.id,
          Map.of("from", current.version(), "to", previous.version(), "fromId", current.id));
      return new Rollback(current, previous);
    });
    LOG.infof("%s rolled back from %s to %s by %s", what, rollback.from().version(), rollback.to().version(), user);
    broadcastPromotion(rollback.to());
    return rollback;
  }

  /** @throws ProblemException 422 naming {@code kind} when it is not a model kind (in any case) */
  static ModelKind modelKind(String kind) {
    try {
      return ModelKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.invalid("kind", "kind must be one of " + Arrays.toString(ModelKind.values())
          + " but was \"" + kind + "\"");
    }
  }

  private void archiveProduction(RegisteredModel candidate) {
    if (candidate.isClassifier()) {
      RegisteredModel.update("stage = ?1 where kind = ?2 and name = ?3 and stage = ?4", RegisteredModel.Stage.ARCHIVED,
          candidate.kind, candidate.name, RegisteredModel.Stage.PRODUCTION);
    } else {
      RegisteredModel.update("stage = ?1 where kind = ?2 and stage = ?3",
          RegisteredModel.Stage.ARCHIVED, candidate.kind, RegisteredModel.Stage.PRODUCTION);
    }
  }

  /** Runs every configured {@link PromotionCheck} and adds the failed ones to the metric gate's verdict. */
  private GateReport withChecks(GateReport metricGate, RegisteredModel candidate, Optional<RegisteredModel> baseline) {
    PromotionCheck.Candidate subject = new PromotionCheck.Candidate(candidate.id, candidate.kind, candidate.name,
        candidate.version(), Path.of(candidate.artifactPath), baseline.map(RegisteredModel::version).orElse(null),
        baseline.map(b -> Path.of(b.artifactPath)).orElse(null));
    List<PromotionCheck.Result> results = new ArrayList<>();
    for (PromotionCheck check : checks) {
      results.addAll(check.check(subject));
    }
    List<String> failures = new ArrayList<>(metricGate.failures());
    for (PromotionCheck.Result result : results) {
      if (!result.passed()) {
        failures.add(String.format(Locale.ROOT, "%s: %s %s%s (%s)", result.check(), result.metric(),
            result.candidateValue() == null ? "not measured"
                : String.format(Locale.ROOT, "%.4f", result.candidateValue()),
            result.productionValue() == null ? ""
                : String.format(Locale.ROOT, " against production's %.4f", result.productionValue()),
            result.rule()));
      }
    }
    return new GateReport(failures.isEmpty(), metricGate.baselineId(), metricGate.metric(), metricGate.candidateScore(),
        metricGate.baselineScore(), metricGate.tolerance(), metricGate.examples(), metricGate.evaluationSet(),
        metricGate.minimum(), metricGate.regressionPValue(), metricGate.rule(), List.copyOf(failures),
        List.copyOf(results));
  }

  /**
   * Reward and preference models: pairwise accuracy on a snapshot's test split (see
   * {@link RegistrySettings#snapshotId()}), both models scored on the same pairs.
   */
  private GateReport rewardGate(RegisteredModel candidate, Optional<RegisteredModel> baseline) {
    long evaluationSnapshot = registrySettings.snapshotId()
        .or(() -> baseline.map(b -> b.snapshotId))
        .orElse(candidate.snapshotId);
    PairSet evaluationSet = snapshotPairs.pairs(evaluationSnapshot, "test");
    boolean[] candidateCorrect = correctness(Path.of(candidate.artifactPath), evaluationSet);
    boolean[] baselineCorrect = baseline.map(b -> correctness(Path.of(b.artifactPath), evaluationSet)).orElse(null);
    return metricVerdict(new Measured("pair accuracy", registrySettings.minPairAccuracy(), registrySettings.tolerance(),
        candidateCorrect.length, "snapshot " + evaluationSnapshot + " test split", baseline.map(b -> b.id).orElse(null),
        s -> Statistics.accuracyAt(candidateCorrect, s),
        baselineCorrect == null ? null : s -> Statistics.accuracyAt(baselineCorrect, s)));
  }

  /**
   * Classifiers: pair accuracy means nothing for them, so the gate compares macro F1 (every class counts
   * alike, so a rare harmful class is not drowned by the common one). Both models are scored on the
   * evaluation file registered with the candidate when there is one, the fair comparison; otherwise their
   * stored held-out reports are compared, each measured on its own test split (no paired noise test then).
   */
  private GateReport classifierGate(RegisteredModel candidate, Optional<RegisteredModel> baseline) {
    double tolerance = registrySettings.classifierTolerance();
    double minimum = registrySettings.minMacroF1();
    Long baselineId = baseline.map(b -> b.id).orElse(null);
    if (candidate.evaluationPath != null) {
      Path file = Path.of(candidate.evaluationPath);
      List<LabeledText> examples = readEvaluation(file, columns(Path.of(candidate.artifactPath))).examples();
      String[] truth = examples.stream().map(LabeledText::label).toArray(String[]::new);
      String[] candidatePredicted = predictions(Path.of(candidate.artifactPath), examples);
      String[] baselinePredicted = baseline.map(b -> predictions(Path.of(b.artifactPath), examples)).orElse(null);
      return metricVerdict(new Measured("macro F1", minimum, tolerance, examples.size(),
          "evaluation file " + file.getFileName() + " registered with the candidate", baselineId,
          s -> Statistics.macroF1At(truth, candidatePredicted, s),
          baselinePredicted == null ? null : s -> Statistics.macroF1At(truth, baselinePredicted, s)));
    }
    Double candidateF1 = storedMacroF1(candidate);
    Double baselineF1 = baseline.map(ModelRegistry::storedMacroF1).orElse(null);
    String evaluationSet = "stored held-out reports (each model's own test split)";
    List<String> failures = new ArrayList<>();
    if (candidateF1 == null) {
      failures.add("no evaluation data: " + candidate.version() + " has no stored held-out report and no evaluation"
          + " file; register it with an evaluation file (part \"evaluation\")");
    } else if (candidateF1 < minimum) {
      failures.add(String.format(Locale.ROOT, "macro F1 %.4f is below the minimum %.4f on %s", candidateF1,
          minimum, evaluationSet));
    }
    if (baseline.isPresent() && baselineF1 == null) {
      failures.add("model " + candidate.version() + " cannot be compared with production " + baseline.get().version()
          + ": its stored held-out report is missing; register the candidate with an evaluation file");
    } else if (candidateF1 != null && baselineF1 != null && candidateF1 < baselineF1 - tolerance) {
      failures.add(String.format(Locale.ROOT, "macro F1 %.4f is below production's %.4f minus the tolerance"
          + " %.4f on %s", candidateF1, baselineF1, tolerance, evaluationSet));
    }
    return new GateReport(failures.isEmpty(), baselineId, "macro F1", candidateF1 == null ? 0 : candidateF1, baselineF1,
        tolerance, 0, evaluationSet, minimum, null, String.format(Locale.ROOT, "macro F1 at least %.4f and"
            + " at most %.4f below production's (stored reports are not on the same items: no noise test)",
            minimum, tolerance), List.copyOf(failures), List.of());
  }

  /** A metric of the candidate and of production on the same items, as functions of resampled item indices. */
  private record Measured(String metric, double minimum, double tolerance, int items, String evaluationSet,
      Long baselineId, ToDoubleFunction<int[]> candidate, ToDoubleFunction<int[]> baseline) {}

  /**
   * The metric gate: refused with no items; below the minimum; or more than the tolerance below production
   * when the paired bootstrap says that drop is not sampling noise (one-sided p-value below the significance).
   */
  private GateReport metricVerdict(Measured measured) {
    int[] all = IntStream.range(0, measured.items()).toArray();
    double candidateScore = measured.candidate().applyAsDouble(all);
    Double baselineScore = measured.baseline() == null ? null : measured.baseline().applyAsDouble(all);
    String rule = String.format(Locale.ROOT, "%s at least %.4f; and not more than %.4f below production's"
            + " unless a one-sided paired bootstrap on the same items (%d resamples) gives p >= %.2f, i.e. the drop"
            + " is within sampling noise", measured.metric(), measured.minimum(), measured.tolerance(),
        registrySettings.bootstrapResamples(), registrySettings.significance());
    List<String> failures = new ArrayList<>();
    Double pValue = null;
    if (measured.items() == 0) {
      failures.add("no evaluation data: " + measured.evaluationSet() + " holds no examples to gate on; freeze a"
          + " snapshot with a test split (testFraction > 0) or register the model with an evaluation file");
    } else {
      if (candidateScore < measured.minimum()) {
        failures.add(String.format(Locale.ROOT, "%s %.4f is below the minimum %.4f on %s (%d examples)",
            measured.metric(), candidateScore, measured.minimum(), measured.evaluationSet(), measured.items()));
      }
      if (baselineScore != null) {
        pValue = Statistics.regressionPValue(measured.items(), measured.candidate(), measured.baseline(),
            measured.tolerance(), registrySettings.bootstrapResamples(), BOOTSTRAP_SEED);
        if (candidateScore < baselineScore - measured.tolerance() && pValue < registrySettings.significance()) {
          failures.add(String.format(Locale.ROOT, "%s %.4f regresses from production's %.4f by more than"
                  + " the tolerance %.4f on %s (%d examples), beyond sampling noise (paired bootstrap p = %.4f < %.2f)",
              measured.metric(), candidateScore, baselineScore, measured.tolerance(), measured.evaluationSet(),
              measured.items(), pValue, registrySettings.significance()));
        }
      }
    }
    return new GateReport(failures.isEmpty(), measured.baselineId(), measured.metric(), candidateScore, baselineScore,
        measured.tolerance(), measured.items(), measured.evaluationSet(), measured.minimum(), pValue, rule,
        List.copyOf(failures), List.of());
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

  private boolean[] correctness(Path modelDirectory, PairSet pairs) {
    try (RewardScorer scorer = RewardScorer.load(modelDirectory, settings.featurizerOptions())) {
      return PairEvaluator.correctness(scorer, pairs);
    } catch (ModelLoadException e) {
      throw new IllegalStateException("model at " + modelDirectory + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private String[] predictions(Path modelDirectory, List<LabeledText> examples) {
    try (ClassifierScorer scorer = ClassifierScorer.load(modelDirectory, settings.featurizerOptions())) {
      return ClassifierEvaluator.predictions(scorer, examples);
    } catch (ModelLoadException e) {
      throw new IllegalStateException("model at " + modelDirectory + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  private TextColumns columns(Path modelDirectory) {
    try (ClassifierScorer scorer = ClassifierScorer.load(modelDirectory, settings.featurizerOptions())) {
      return scorer.columns();
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
