package dev.assay.guardrail.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import dev.assay.platform.jdbc.Sql;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.store.snapshot.SnapshotService.SnapshotLineage;
import dev.assay.trainer.evaluation.Estimate;
import dev.assay.trainer.model.ClassifierSpec;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.PromotionHistory;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles a model's card from where each part lives: the registry (the model, its evaluation and its gate
 * verdicts), the store (its snapshot's lineage), the suite runs against it and the failure catalogue. Here,
 * in the serving module, because the card shows suite runs; the trainer knows nothing of them.
 */
@ApplicationScoped
public class ModelCards {
  /** Groups of failures shown per dimension. */
  static final int TOP_FAILURE_GROUPS = 5;
  private static final Set<String> BIAS_KINDS =
      Set.of(SuiteKind.BIAS_PAIRS.wireName(), SuiteKind.COUNTERFACTUAL.wireName());
  private static final List<FailureCatalogue.GroupBy> FAILURE_DIMENSIONS = List.of(FailureCatalogue.GroupBy.SUITE,
      FailureCatalogue.GroupBy.CATEGORY, FailureCatalogue.GroupBy.TEMPLATE, FailureCatalogue.GroupBy.MUTATION);

  private final ModelRegistry registry;
  private final PromotionHistory promotions;
  private final SnapshotService snapshots;
  private final FailureCatalogue catalogue;
  private final ModelCardNotes notes;
  private final PolicyService policies;
  private final Sql sql;
  private final ObjectMapper json;

  public ModelCards(ModelRegistry registry, PromotionHistory promotions, SnapshotService snapshots,
      FailureCatalogue catalogue, ModelCardNotes notes, PolicyService policies, Sql sql, ObjectMapper json) {
    this.registry = registry;
    this.promotions = promotions;
    this.snapshots = snapshots;
    this.catalogue = catalogue;
    this.notes = notes;
    this.policies = policies;
    this.sql = sql;
    this.json = json;
  }

  /** @throws dev.assay.platform.problem.ProblemException 404 for an unknown model */
  public ModelCard card(long modelId) {
    RegisteredModel model = registry.get(modelId);
    ModelKind kind = ModelKind.valueOf(model.kind);
    List<ModelCard.SuiteRun> runs = suiteRuns(modelId);
    Map<String, List<FailureCatalogue.Group>> failureModes = new LinkedHashMap<>();
    for (FailureCatalogue.GroupBy by : FAILURE_DIMENSIONS) {
      List<FailureCatalogue.Group> groups = catalogue.group(by, FailureCatalogue.Filter.ofModel(modelId), 0,
          TOP_FAILURE_GROUPS + 1).items().stream().filter(g -> g.value() != null).limit(TOP_FAILURE_GROUPS).toList();
      if (!groups.isEmpty()) {
        failureModes.put(by.wireName(), groups);
      }
    }
    return new ModelCard(
        new ModelCard.Model(model.id, model.version(), model.name, model.kind, model.stage.name(), model.featurizer,
            model.runId, model.createdAt, model.promotedAt),
        new ModelCard.Uses(IntendedUses.of(kind), IntendedUses.outOfScope(kind), notes.of(modelId).orElse(null)),
        trainingData(model),
        evaluation(model, kind),
        calibration(model, kind),
        runs,
        runs.stream().filter(run -> BIAS_KINDS.contains(run.kind())).toList(),
        failureModes,
        promotionHistory(modelId),
        Instant.now());
  }

  /** Gate verdicts and rollbacks, oldest first. */
  private List<ModelCard.PromotionEvent> promotionHistory(long modelId) {
    List<ModelCard.PromotionEvent> events = new ArrayList<>();
    for (PromotionHistory.GateVerdict verdict : promotions.of(modelId)) {
      boolean candidate = verdict.modelId() == modelId;
      events.add(new ModelCard.PromotionEvent("gate", verdict.id(), candidate ? "candidate" : "baseline",
          verdict.passed(), candidate ? verdict.baselineId() : Long.valueOf(verdict.modelId()), verdict.report(), verdict.decidedBy(),
          verdict.decidedAt()));
    }
    for (PromotionHistory.Rollback rollback : promotions.rollbacks(modelId)) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put(rollback.restored() ? "tookOut" : "broughtBack", rollback.otherVersion());
      events.add(new ModelCard.PromotionEvent(rollback.restored() ? "restored" : "rolled-back", null, null, null,
          rollback.otherModelId(), details, rollback.by(), rollback.at()));
    }
    events.sort(Comparator.comparing(ModelCard.PromotionEvent::at, Comparator.nullsLast(Comparator.naturalOrder())));
    return events;
  }

  private ModelCard.TrainingData trainingData(RegisteredModel model) {
    if (model.snapshotId == null) {
      return new ModelCard.TrainingData(null, null, null, null, null, null, null, List.of(), List.of(), null, null, null,
          model.config);
    }
    SnapshotLineage lineage = snapshots.lineage(model.snapshotId);
    return new ModelCard.TrainingData(lineage.id(), lineage.name(), model.snapshotHash, lineage.contentHash(),
        lineage.createdBy(), lineage.createdAt(), lineage.counts(),
        lineage.datasets().stream().map(SnapshotService.DatasetRef::name).toList(), lineage.campaigns(),
        lineage.raters().size(), lineage.adjudicated(), lineage.filter(), model.config);
  }

  /**
   * The registry's evaluation. Accuracies get a Wilson interval over what they were measured on (non-tie
   * pairs, examples), per-class recall over the class's support; F1 has no closed-form interval and is shown
   * without one.
   */
  private static ModelCard.Evaluation evaluation(RegisteredModel model, ModelKind kind) {
    Map<String, Object> report = model.report == null ? Map.of() : model.report;
    List<ModelCard.Metric> metrics = new ArrayList<>();
    if (kind == ModelKind.CLASSIFIER) {
      Long examples = number(report, "examples") == null ? null : number(report, "examples").longValue();
      proportion(metrics, "accuracy", number(report, "accuracy"), examples);
      plain(metrics, "macro_f1", number(report, "macro_f1"));
      if (report.get("per_class") instanceof Map<?, ?> perClass) {
        perClass.forEach((label, values) -> {
          if (values instanceof Map<?, ?> classMetrics) {
            Number support = (Number) classMetrics.get("support");
            proportion(metrics, "recall[" + label + "]", (Number) classMetrics.get("recall"),
                support == null ? null : support.longValue());
            plain(metrics, "precision[" + label + "]", (Number) classMetrics.get("precision"));
          }
        });
      }
      return new ModelCard.Evaluation(report.isEmpty() ? "no evaluation was registered with this classifier"
          : "the classifier's own held-out test split", metrics, report);
    }
    Number pairs = number(report, "pairs");
    Number ties = number(report, "ties");
    Long decided = pairs == null ? null : pairs.longValue() - (ties == null ? 0 : ties.longValue());
    proportion(metrics, "accuracy", number(report, "accuracy"), decided);
    proportion(metrics, "swapped_accuracy", number(report, "swappedAccuracy"), decided);
    plain(metrics, "length_spearman", number(report, "lengthSpearman"));
    if (report.get("accuracyBySource") instanceof Map<?, ?> bySource) {
      bySource.forEach((source, value) -> plain(metrics, "accuracy[" + source + "]", (Number) value));
    }
    return new ModelCard.Evaluation(model.snapshotId == null ? "a held-out split"
        : "the test split of snapshot " + model.snapshotId, metrics, report);
  }

  private ModelCard.Calibration calibration(RegisteredModel model, ModelKind kind) {
    Map<String, Object> report = model.report == null ? Map.of() : model.report;
    List<ModelCard.Metric> metrics = new ArrayList<>();
    plain(metrics, "ece", number(report, "ece"));
    Map<String, Object> details = new LinkedHashMap<>();
    if (kind == ModelKind.CLASSIFIER) {
      try {
        ClassifierSpec spec = ClassifierSpec.read(Path.of(model.artifactPath));
        details.put("labels", spec.labels());
        details.put("temperature", spec.temperature());
        plain(metrics, "validation_ece_before_temperature", spec.validationEce());
        plain(metrics, "validation_ece", spec.calibratedValidationEce());
      } catch (ModelLoadException e) {
        details.put("unavailable", "the artifact's classifier.json cannot be read: " + e.getMessage());
      }
    } else {
      plain(metrics, "log_loss", number(report, "logLoss"));
      details.put("reward_mean", model.rewardMean);
      details.put("reward_std", model.rewardStd);
      if (report.get("tieCalibration") != null) {
        details.put("tie_calibration", report.get("tieCalibration"));
      }
    }
    return new ModelCard.Calibration(metrics, details, calibratedThresholds(model.version()));
  }

  private List<ModelCard.CalibratedThreshold> calibratedThresholds(String modelVersion) {
    List<ModelCard.CalibratedThreshold> thresholds = new ArrayList<>();
    for (Policy policy : policies.list()) {
      PolicyDocument document = policy.document == null ? PolicyDocuments.legacy(policy)
          : PolicyDocuments.fromMap(policy.document);
      Map<String, List<CheckSpec>> stages = new LinkedHashMap<>();
      stages.put("input", document.input() == null ? List.of() : document.input());
      stages.put("output", document.output() == null ? List.of() : document.output());
      stages.forEach((stage, checks) -> checks.stream().filter(check -> modelVersion.equals(check.calibratedFor()))
          .forEach(check -> thresholds.add(new ModelCard.CalibratedThreshold(policy.name, policy.version, stage,
              check.name(), check.threshold(), check.onUncalibrated()))));
    }
    return thresholds;
  }

  private List<ModelCard.SuiteRun> suiteRuns(long modelId) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT r.id, s.name, s.version, s.kind, r.policy_name, r.policy_version, r.model_version, r.probes, r.failures,"
            + " CAST(r.metrics AS text) AS metrics, r.created_by, r.created_at"
            + " FROM guardrail_suite_run r JOIN guardrail_suite s ON s.id = r.suite_id WHERE r.model_id = ? ORDER BY r.id",
        row -> {
          int policyVersion = row.getInt("policy_version");
          Integer policyVersionOrNull = row.wasNull() ? null : policyVersion;
          return new ModelCard.SuiteRun(row.getLong("id"), row.getString("name"), row.getInt("version"),
              row.getString("kind"), row.getString("policy_name"), policyVersionOrNull, row.getString("model_version"),
              row.getInt("probes"), row.getInt("failures"), metrics(row.getString("metrics")),
              row.getString("created_by"), Sql.instant(row, "created_at"));
        },
        modelId));
  }

  private JsonNode metrics(String text) throws SQLException {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable metrics of a stored suite run: " + e.getOriginalMessage(), e);
    }
  }

  private static Number number(Map<String, Object> report, String name) {
    return report.get(name) instanceof Number number ? number : null;
  }

  private static void plain(List<ModelCard.Metric> metrics, String name, Number value) {
    if (value != null && Double.isFinite(value.doubleValue())) {
      metrics.add(new ModelCard.Metric(name, value.doubleValue(), null, null, null));
    }
  }

  private static void proportion(List<ModelCard.Metric> metrics, String name, Number value, Long n) {
    if (value == null || !Double.isFinite(value.doubleValue())) {
      return;
    }
    if (n == null || n <= 0) {
      plain(metrics, name, value);
      return;
    }
    Estimate share = Estimate.proportion(name, value.doubleValue(), n);
    metrics.add(new ModelCard.Metric(name, share.value(), share.n(), share.low(), share.high()));
  }
}
