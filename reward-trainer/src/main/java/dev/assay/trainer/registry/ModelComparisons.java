package dev.assay.trainer.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.data.SnapshotPairs;
import dev.assay.trainer.evaluation.Estimate;
import dev.assay.trainer.evaluation.EvaluationFigures;
import dev.assay.trainer.evaluation.PairEvaluator;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.RewardScorer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry as engineers read it: each model with its training data, headline metrics with 95% intervals,
 * stage and promotion history; and two or more models side by side with the figures behind their evaluation
 * ({@link EvaluationFigures}), measured once per model on its snapshot's test split and stored.
 */
@ApplicationScoped
public class ModelComparisons {
  /** Models one comparison may hold: each may need its test split scored once. */
  public static final int MAX_COMPARED = 8;

  private final ModelRegistry registry;
  private final PromotionHistory promotions;
  private final SnapshotService snapshots;
  private final SnapshotPairs snapshotPairs;
  private final TrainerSettings settings;
  private final Sql sql;
  private final ObjectMapper json;

  public ModelComparisons(ModelRegistry registry, PromotionHistory promotions, SnapshotService snapshots,
      SnapshotPairs snapshotPairs, TrainerSettings settings, Sql sql, ObjectMapper json) {
    this.registry = registry;
    this.promotions = promotions;
    this.snapshots = snapshots;
    this.snapshotPairs = snapshotPairs;
    this.settings = settings;
    this.sql = sql;
    this.json = json;
  }

  /**
   * A registered model as the registry table shows it.
   *
   * @param stage {@code production}, {@code candidate} or {@code retired} (taken out of production)
   * @param snapshotName the training snapshot's name (null for a classifier registered from files)
   * @param metrics the stored evaluation's headline figures; shares with their Wilson interval
   */
  public record ModelSummary(
      long id, String version, String name, String kind, String stage, String featurizer, Long snapshotId,
      String snapshotName, String snapshotHash, List<Estimate> metrics, PromotionSummary promotions,
      Instant createdAt, Instant promotedAt, Instant rolledBackAt) {}

  /**
   * The model's promotion history in counts: gate verdicts on it as a candidate, and rollbacks that took it out
   * of production or brought it back.
   */
  public record PromotionSummary(int gatePassed, int gateRefused, int rollbacks) {}

  /**
   * One model of a comparison.
   *
   * @param evaluatedOn where the figures were measured
   * @param figures null when none can be measured ({@code figuresUnavailable} says why)
   */
  public record ComparedModel(
      ModelSummary model, String evaluatedOn, EvaluationFigures figures, String figuresUnavailable) {}

  public record Comparison(List<ComparedModel> models) {}

  /**
   * Every registered model, newest first, or those of one kind.
   *
   * @param kind REWARD, PREFERENCE or CLASSIFIER in any case, or null for all
   * @throws ProblemException 422 naming {@code kind} for another value
   */
  public List<ModelSummary> summaries(String kind) {
    String wanted = kind == null || kind.isBlank() ? null : ModelRegistry.modelKind(kind.strip()).name();
    return registry.list().stream().filter(m -> wanted == null || wanted.equals(m.kind)).map(this::summary).toList();
  }

  public ModelSummary summary(long modelId) {
    return summary(registry.get(modelId));
  }

  /**
   * Two to {@value #MAX_COMPARED} models side by side, in the order given. A reward or preference model's figures
   * are measured on its snapshot's test split the first time they are asked for, then read from storage.
   *
   * @throws ProblemException 422 naming {@code ids} for fewer than two distinct ids or more than the maximum;
   *     404 for an unknown id
   */
  public Comparison compare(List<Long> ids) {
    Set<Long> distinct = new LinkedHashSet<>(ids == null ? List.of() : ids);
    if (distinct.size() < 2 || distinct.size() > MAX_COMPARED) {
      throw ProblemException.invalid("ids", "compare 2 to " + MAX_COMPARED + " distinct models, but " + distinct.size()
          + " were given");
    }
    List<RegisteredModel> models = distinct.stream().map(registry::get).toList();
    List<ComparedModel> compared = new ArrayList<>();
    for (RegisteredModel model : models) {
      ModelSummary summary = summary(model);
      if (model.isClassifier()) {
        compared.add(new ComparedModel(summary, null, null, "a classifier is compared by its stored held-out report:"
            + " the calibration, length and per-source figures are measured on preference pairs"));
      } else if (model.snapshotId == null) {
        compared.add(new ComparedModel(summary, null, null, "the model has no training snapshot to evaluate on"));
      } else {
        StoredFigures stored = figures(model);
        compared.add(new ComparedModel(summary, stored.evaluatedOn(), stored.figures(), null));
      }
    }
    return new Comparison(List.copyOf(compared));
  }

  private record StoredFigures(String evaluatedOn, EvaluationFigures figures) {}

  private StoredFigures figures(RegisteredModel model) {
    Optional<StoredFigures> stored = QuarkusTransaction.requiringNew().call(() -> sql.one(
        "SELECT evaluated_on, CAST(figures AS text) AS figures FROM model_evaluation_figures WHERE model_id = ?",
        row -> new StoredFigures(row.getString("evaluated_on"), read(row.getString("figures"))), model.id));
    if (stored.isPresent()) {
      return stored.get();
    }
    String evaluatedOn = "test split of snapshot " + model.snapshotId;
    EvaluationFigures figures;
    try (RewardScorer scorer = RewardScorer.load(Path.of(model.artifactPath), settings.featurizerOptions())) {
      figures = PairEvaluator.figures(scorer, snapshotPairs.pairs(model.snapshotId, "test"));
    } catch (ModelLoadException e) {
      throw new IllegalStateException("model " + model.version() + " cannot be loaded: " + e.getMessage(), e);
    }
    String text = write(figures);
    // Two comparisons measuring the same model at once store the same figures: the first one stays.
    QuarkusTransaction.requiringNew().run(() -> sql.update("INSERT INTO model_evaluation_figures"
        + " (model_id, evaluated_on, figures) VALUES (?, ?, CAST(? AS jsonb)) ON CONFLICT (model_id) DO NOTHING",
        model.id, evaluatedOn, text));
    return new StoredFigures(evaluatedOn, figures);
  }

  private ModelSummary summary(RegisteredModel model) {
    String snapshotName = model.snapshotId == null ? null : snapshots.get(model.snapshotId).name();
    int passed = 0;
    int refused = 0;
    for (PromotionHistory.GateVerdict verdict : promotions.of(model.id)) {
      if (verdict.modelId() == model.id) {
        passed += verdict.passed() ? 1 : 0;
        refused += verdict.passed() ? 0 : 1;
      }
    }
    return new ModelSummary(model.id, model.version(), model.name, model.kind, stage(model), model.featurizer,
        model.snapshotId, snapshotName, model.snapshotHash, metrics(model),
        new PromotionSummary(passed, refused, promotions.rollbacks(model.id).size()), model.createdAt,
        model.promotedAt, model.rolledBackAt);
  }

  private static String stage(RegisteredModel model) {
    return switch (model.stage) {
      case PRODUCTION -> "production";
      case CANDIDATE -> "candidate";
      case ARCHIVED -> "retired";
    };
  }

  /** Headline figures of the stored report: shares over what they were measured on get Wilson's interval. */
  static List<Estimate> metrics(RegisteredModel model) {
    Map<String, Object> report = model.report == null ? Map.of() : model.report;
    List<Estimate> metrics = new ArrayList<>();
    if (model.isClassifier()) {
      long examples = number(report, "examples") == null ? 0 : number(report, "examples").longValue();
      share(metrics, "accuracy", number(report, "accuracy"), examples);
      plain(metrics, "macro_f1", number(report, "macro_f1"));
      plain(metrics, "ece", number(report, "ece"));
      return metrics;
    }
    Number pairs = number(report, "pairs");
    Number ties = number(report, "ties");
    long decided = pairs == null ? 0 : pairs.longValue() - (ties == null ? 0 : ties.longValue());
    share(metrics, "accuracy", number(report, "accuracy"), decided);
    share(metrics, "swapped_accuracy", number(report, "swappedAccuracy"), decided);
    plain(metrics, "ece", number(report, "ece"));
    plain(metrics, "log_loss", number(report, "logLoss"));
    plain(metrics, "length_spearman", number(report, "lengthSpearman"));
    return metrics;
  }

  private static Number number(Map<String, Object> report, String name) {
    return report.get(name) instanceof Number number && Double.isFinite(number.doubleValue()) ? number : null;
  }

  private static void plain(List<Estimate> metrics, String name, Number value) {
    if (value != null) {
      metrics.add(Estimate.plain(name, value.doubleValue()));
    }
  }

  private static void share(List<Estimate> metrics, String name, Number value, long n) {
    if (value != null) {
      metrics.add(Estimate.proportion(name, value.doubleValue(), n));
    }
  }

  private EvaluationFigures read(String text) throws SQLException {
    try {
      return json.readValue(text, EvaluationFigures.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable stored evaluation figures: " + e.getOriginalMessage(), e);
    }
  }

  private String write(EvaluationFigures figures) {
    try {
      return json.writeValueAsString(figures);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
