package dev.assay.guardrail.policy;

import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.GuardrailEngine.CheckScore;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetContents;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.Messages;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.Reward;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Calibrates a policy's threshold on labelled data for a target false-positive rate, with the
 * production reward model, and stores the report with the new policy version.
 *
 * <p>Labelled data is one of: the judged pairs of a dataset or of a snapshot (split optional), where
 * each pair's rejected response counts as "bad" and its chosen response as "good" (ties and both-bad
 * judgements are left out and counted); or explicit examples labelled good or bad.
 *
 * <p>A policy document's classifier or reward check is calibrated by name ({@link #calibrateCheck}): the check
 * scores the examples as it would in a decision, and its threshold is bound to the model version that scored.
 */
@ApplicationScoped
public class CalibrationService {
  /** Points of the stored precision/recall curve: enough to draw it, small enough to keep with every version. */
  static final int CURVE_POINTS = 101;

  /** One response with its label. */
  public record Example(List<Message> prompt, String response, boolean bad) {}

  /** Where the labelled data comes from; exactly one of dataset, snapshotId, examples. */
  public record Source(String dataset, Long snapshotId, String split, List<Example> examples, int maxPairs) {}

  private final PolicyService policies;
  private final ProductionModels models;
  private final SnapshotService snapshots;
  private final DatasetContents datasets;
  private final GuardrailEngine engine;

  public CalibrationService(PolicyService policies, ProductionModels models, SnapshotService snapshots,
      DatasetContents datasets, GuardrailEngine engine) {
    this.policies = policies;
    this.models = models;
    this.snapshots = snapshots;
    this.datasets = datasets;
    this.engine = engine;
  }

  /** Scores the labelled data, picks the threshold and creates the policy's next version with it. */
  public Policy calibrate(PolicyDraft draft, Source source, double targetFpr, String user) {
    if (!(targetFpr >= 0 && targetFpr < 1)) {
      throw ProblemException.invalid("target_fpr", "target_fpr must be in [0, 1)");
    }
    ProductionModels.Active model = models.require(ModelKind.REWARD);
    Map<String, Object> origin = new LinkedHashMap<>();
    List<Example> examples = examples(source, origin);
    List<Double> good = new ArrayList<>();
    List<Double> bad = new ArrayList<>();
    for (int i = 0; i < examples.size(); ) {
      // Consecutive examples with the same prompt (a pair's two responses) share one forward pass.
      int j = i + 1;
      while (j < examples.size() && examples.get(j).prompt().equals(examples.get(i).prompt())) {
        j++;
      }
      List<Example> group = examples.subList(i, j);
      List<Reward> rewards = model.scorer().score(group.getFirst().prompt(),
          group.stream().map(Example::response).toList());
      for (int k = 0; k < group.size(); k++) {
        (group.get(k).bad() ? bad : good).add(rewards.get(k).normalized());
      }
      i = j;
    }
    if (good.isEmpty() || bad.isEmpty()) {
      throw ProblemException.invalid("examples", "calibration needs good and bad examples; found " + good.size()
          + " good and " + bad.size() + " bad");
    }
    double[] goodScores = good.stream().mapToDouble(Double::doubleValue).toArray();
    double[] badScores = bad.stream().mapToDouble(Double::doubleValue).toArray();
    ThresholdCalibration.Report report = ThresholdCalibration.calibrate(goodScores, badScores, targetFpr);
    Map<String, Object> calibration = stored(report, ThresholdCalibration.curve(goodScores, badScores, CURVE_POINTS),
        model.version());
    calibration.put("source", origin);
    PolicyDraft calibrated = new PolicyDraft(draft.name(), report.threshold(), draft.action(),
        draft.fallbackResponse(), draft.onNoModel(), draft.description());
    return policies.create(calibrated, calibration, user);
  }

  /**
   * Calibrates one classifier or reward check of a policy document: the check scores the labelled examples on the
   * text it reads in a decision (the user turns for an input check, the response for an output check), the
   * threshold is chosen for the target false-positive rate, and the next version carries it, bound to the model
   * version that scored ({@code calibratedFor}), with the report.
   */
  public Policy calibrateCheck(String name, String checkName, Source source, double targetFpr, String user) {
    if (!(targetFpr >= 0 && targetFpr < 1)) {
      throw ProblemException.invalid("target_fpr", "target_fpr must be in [0, 1)");
    }
    Policy latest = policies.resolve(name, null);
    PolicyDocument document = GuardrailEngine.documentOf(latest);
    List<CheckSpec> scored = Stream.concat(document.input().stream(), document.output().stream())
        .filter(CheckSpec::scored).toList();
    CheckSpec spec = scored.stream().filter(c -> c.name().equals(checkName)).findFirst()
        .orElseThrow(() -> ProblemException.invalid("check", "name the classifier or reward check to calibrate"
            + (scored.isEmpty() ? "; policy " + name + " has none"
                : ", one of " + scored.stream().map(CheckSpec::name).toList())));
    // A classifier hits at or above its threshold, a reward below it: classifier scores are negated so one rule
    // (flag below the threshold) picks both.
    boolean classifier = CheckSpec.CLASSIFIER.equals(spec.type());
    PreparedPolicy prepared = engine.prepare(latest);
    Map<String, Object> origin = new LinkedHashMap<>();
    List<Double> good = new ArrayList<>();
    List<Double> bad = new ArrayList<>();
    Set<String> versions = new LinkedHashSet<>();
    for (Example example : examples(source, origin)) {
      CheckScore score;
      try {
        score = prepared.score(checkName, example.prompt(), example.response());
      } catch (CompletionException e) {
        throw new ProblemException(503, "No Production Model", "check " + checkName + " cannot score: "
            + e.getCause().getMessage(), null, null);
      }
      versions.add(score.modelVersion());
      (example.bad() ? bad : good).add(classifier ? -score.score() : score.score());
    }
    if (good.isEmpty() || bad.isEmpty()) {
      throw ProblemException.invalid("examples", "calibration needs good and bad examples; found " + good.size()
          + " good and " + bad.size() + " bad");
    }
    if (versions.size() > 1) {
      throw ProblemException.conflict("the model of check " + checkName + " changed during the calibration ("
          + versions + "); calibrate again");
    }
    double[] goodScores = good.stream().mapToDouble(Double::doubleValue).toArray();
    double[] badScores = bad.stream().mapToDouble(Double::doubleValue).toArray();
    ThresholdCalibration.Report report = ThresholdCalibration.calibrate(goodScores, badScores, targetFpr);
    double threshold = classifier ? probability(report.threshold()) : report.threshold();
    List<ThresholdCalibration.CurvePoint> curve = ThresholdCalibration.curve(goodScores, badScores, CURVE_POINTS);
    if (classifier) {
      curve = curve.stream().map(p -> new ThresholdCalibration.CurvePoint(probability(p.threshold()), p.precision(),
          p.recall())).toList();
    }
    String version = versions.iterator().next();
    Map<String, Object> calibration = stored(new ThresholdCalibration.Report(threshold, report.targetFpr(),
        report.fpr(), report.precision(), report.recall(), report.truePositives(), report.falsePositives(),
        report.nGood(), report.nBad(), report.n()), curve, version);
    calibration.put("check", checkName);
    calibration.put("source", origin);
    CheckSpec calibrated = new CheckSpec(spec.name(), spec.type(), spec.action(), spec.patterns(), spec.list(),
        spec.terms(), spec.types(), spec.model(), spec.label(), threshold, version, spec.onUncalibrated());
    PolicyDocument next = new PolicyDocument(document.name(), document.description(), document.fallbackResponse(),
        document.onError(), document.uncertain(), replaced(document.input(), calibrated),
        replaced(document.output(), calibrated));
    return policies.createCalibratedDocument(name, next, calibration, user);
  }

  /** The probability threshold that hits exactly the negated scores below {@code negated}. */
  private static double probability(double negated) {
    return Math.min(1.0, Math.nextUp(-negated));
  }

  private static List<CheckSpec> replaced(List<CheckSpec> checks, CheckSpec calibrated) {
    return checks.stream().map(c -> c.name().equals(calibrated.name()) ? calibrated : c).toList();
  }

  /**
   * A calibration as a policy version stores it (and {@code GET .../versions} shows it): the report's figures at
   * the chosen threshold, the precision/recall curve and the model version that scored the data.
   */
  public static Map<String, Object> stored(ThresholdCalibration.Report report,
      List<ThresholdCalibration.CurvePoint> curve, String modelVersion) {
    Map<String, Object> calibration = new LinkedHashMap<>();
    calibration.put("threshold", report.threshold());
    calibration.put("target_fpr", report.targetFpr());
    calibration.put("fpr", report.fpr());
    calibration.put("precision", report.precision());
    calibration.put("recall", report.recall());
    calibration.put("true_positives", report.truePositives());
    calibration.put("false_positives", report.falsePositives());
    calibration.put("n_good", report.nGood());
    calibration.put("n_bad", report.nBad());
    calibration.put("n", report.n());
    calibration.put("curve", curve.stream()
        .map(p -> Map.of("threshold", p.threshold(), "precision", p.precision(), "recall", p.recall())).toList());
    calibration.put("model_version", modelVersion);
    return calibration;
  }

  private List<Example> examples(Source source, Map<String, Object> origin) {
    int given = (source.dataset() != null ? 1 : 0) + (source.snapshotId() != null ? 1 : 0)
        + (source.examples() != null && !source.examples().isEmpty() ? 1 : 0);
    if (given != 1) {
      throw ProblemException.invalid("dataset", "give exactly one of dataset, snapshot_id or examples");
    }
    int max = source.maxPairs() > 0 ? source.maxPairs() : 5_000;
    List<Example> examples = new ArrayList<>();
    long skipped = 0;
    if (source.examples() != null && !source.examples().isEmpty()) {
      origin.put("examples", source.examples().size());
      return source.examples();
    }
    if (source.snapshotId() != null) {
      origin.put("snapshot_id", source.snapshotId());
      String[] splits = source.split() == null ? new String[0] : new String[] {source.split()};
      origin.put("split", source.split());
      for (SnapshotService.SnapshotRecord item : snapshots.records(source.snapshotId(), splits)) {
        if (examples.size() / 2 >= max) {
          break;
        }
        PreferenceRecord record = item.record();
        if (record.chosen() == null) {
          skipped++;
          continue;
        }
        examples.add(new Example(record.prompt(), record.chosen().text(), false));
        examples.add(new Example(record.prompt(), record.rejected().text(), true));
      }
    } else {
      origin.put("dataset", source.dataset());
      List<DatasetContents.JudgedPair> pairs =
          QuarkusTransaction.requiringNew().call(() -> datasets.judgedPairs(source.dataset(), max * 2));
      for (DatasetContents.JudgedPair pair : pairs) {
        if (examples.size() / 2 >= max) {
          break;
        }
        if (pair.choice() != Choice.A && pair.choice() != Choice.B) {
          skipped++;
          continue;
        }
        List<Message> prompt = Messages.decode(pair.content().promptMessages());
        boolean aChosen = pair.choice() == Choice.A;
        examples.add(new Example(prompt, aChosen ? pair.content().a() : pair.content().b(), false));
        examples.add(new Example(prompt, aChosen ? pair.content().b() : pair.content().a(), true));
      }
    }
    origin.put("pairs", examples.size() / 2);
    origin.put("pairs_left_out_tie_or_both_bad", skipped);
    if (examples.isEmpty()) {
      throw ProblemException.invalid(source.snapshotId() != null ? "snapshot_id" : "dataset",
          "no judged pairs (A or B preferred) found in the given data");
    }
    return examples;
  }
}
