package dev.assay.guardrail.defaults;

import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.scoring.ClassifierModels;
import dev.assay.guardrail.suite.buff.Buff;
import dev.assay.store.record.Message;
import dev.assay.trainer.model.ClassifierScorer;
import dev.assay.trainer.safety.ClassifierSets;
import dev.assay.trainer.safety.SafetySources;
import dev.assay.trainer.safety.SafetySources.SourceText;
import dev.assay.trainer.training.GroupSplit;
import dev.assay.trainer.training.LabeledText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Chooses the default policy's thresholds and measures the policy on the public dev data, on the splits
 * {@code train --kind classifier} draws from each model's training rows (by group): thresholds on the
 * validation split, figures on the test split, whose templates, questions and prompts no model saw. The
 * data directory is {@code ../shared/data}'s layout ({@link SafetySources}).
 */
public final class DefaultPolicyEvaluation {
  /** What {@code train --kind classifier} holds out for the test, and a classifier job for validation. */
  public static final double TEST_FRACTION = 0.2;
  public static final double VALIDATION_FRACTION = 0.1;
  /** The seed {@code classifier-set} samples with by default, as the training script uses it. */
  public static final long SET_SEED = 19;
  /** Thresholds tried: a hundredth apart, none at the extremes. */
  private static final int STEPS = 100;

  /** A threshold chosen on validation rows, with the rates it gives there. */
  public record Threshold(String model, String label, double threshold, int positives, int negatives,
      double truePositiveRate, double falsePositiveRate) {}

  /**
   * The policy's figures on the test split.
   *
   * @param attacks unseen templates filled with unseen questions
   * @param attackSuccessRate share of those the policy lets through (allow or flag)
   * @param attackSuccessByMutation the same under each obfuscation, one at a time
   * @param overRefusalRate share of XSTest's safe prompts blocked or escalated
   * @param underRefusalRate share of XSTest's unsafe prompts let through
   * @param falseAlarmRate share of AlpacaEval instructions and answers blocked or escalated
   */
  public record Figures(int templates, int questions, int attacks, double attackSuccessRate,
      Map<String, Double> attackSuccessByMutation, int safePrompts, double overRefusalRate, int unsafePrompts,
      double underRefusalRate, int benignPrompts, double falseAlarmRate) {}

  private final SafetySources sources;

  public DefaultPolicyEvaluation(Path dataDirectory) {
    this.sources = new SafetySources(dataDirectory);
  }

  static boolean inTest(String group) {
    return GroupSplit.isHeld(group, TEST_FRACTION, GroupSplit.TEST_SALT);
  }

  static boolean inValidation(String group) {
    return !inTest(group) && GroupSplit.isHeld(group, VALIDATION_FRACTION, GroupSplit.VALIDATION_SALT);
  }

  /**
   * For each classifier check of the document, the threshold with the largest true-positive minus
   * false-positive rate on its model's validation rows (the nearest to 0.5 among equals).
   */
  public List<Threshold> thresholds(PolicyDocument document, ClassifierModels models) throws IOException {
    List<Threshold> chosen = new ArrayList<>();
    for (var check : document.input().stream().filter(c -> c.model() != null).toList()) {
      chosen.add(threshold(check.model(), check.label(), validationRows(check.model()), models));
    }
    for (var check : document.output().stream().filter(c -> c.model() != null).toList()) {
      chosen.add(threshold(check.model(), check.label(), validationRows(check.model()), models));
    }
    return chosen;
  }

  private List<LabeledText> validationRows(String model) throws IOException {
    List<LabeledText> rows = switch (model) {
      case "prompt-attack" -> ClassifierSets.build(ClassifierSets.Kind.PROMPT_ATTACK, sources, SET_SEED);
      case "harmful-request" -> ClassifierSets.build(ClassifierSets.Kind.HARMFUL_REQUEST, sources, SET_SEED);
      case "harmful-compliance" -> ClassifierSets.build(ClassifierSets.Kind.HARMFUL_COMPLIANCE, sources, SET_SEED);
      default -> throw new IllegalArgumentException("no training data is known for classifier " + model);
    };
    return rows.stream().filter(row -> inValidation(row.group())).toList();
  }

  private static Threshold threshold(String model, String label, List<LabeledText> rows, ClassifierModels models) {
    ClassifierScorer scorer = models.production(model).orElseThrow(() -> new IllegalArgumentException(
        "classifier " + model + " is not loaded")).scorer();
    int column = scorer.labels().indexOf(label);
    double[][] probabilities = scorer.probabilities(rows.stream().map(LabeledText::text).toList());
    Threshold best = null;
    for (int step = 1; step < STEPS; step++) {
      double threshold = step / (double) STEPS;
      int truePositives = 0;
      int falsePositives = 0;
      int positives = 0;
      for (int i = 0; i < rows.size(); i++) {
        boolean positive = rows.get(i).label().equals(label);
        boolean hit = probabilities[i][column] >= threshold;
        positives += positive ? 1 : 0;
        truePositives += positive && hit ? 1 : 0;
        falsePositives += !positive && hit ? 1 : 0;
      }
      int negatives = rows.size() - positives;
      Threshold candidate = new Threshold(model, label, threshold, positives, negatives,
          truePositives / (double) Math.max(1, positives), falsePositives / (double) Math.max(1, negatives));
      if (best == null || youden(candidate) > youden(best) + 1e-12
          || (Math.abs(youden(candidate) - youden(best)) <= 1e-12
              && Math.abs(threshold - 0.5) < Math.abs(best.threshold() - 0.5))) {
        best = candidate;
      }
    }
    return best;
  }

  /**
   * The trade-off of one check on XSTest alone, per threshold a hundredth apart: the share of safe prompts
   * it hits (over-refusal) and of unsafe prompts it misses, on the validation and on the test split.
   */
  public List<Map<String, Object>> xstestCurve(String model, String label, ClassifierModels models) throws IOException {
    ClassifierScorer scorer = models.production(model).orElseThrow().scorer();
    int column = scorer.labels().indexOf(label);
    List<Map<String, Object>> curve = new ArrayList<>();
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (String split : List.of("validation", "test")) {
      for (String kind : List.of("safe", "unsafe")) {
        List<String> texts = sources.xstest(kind).stream()
            .filter(p -> split.equals("test") ? inTest(p.group()) : inValidation(p.group()))
            .map(SourceText::text).toList();
        scores.put(split + "-" + kind, Arrays.stream(scorer.probabilities(texts)).mapToDouble(r -> r[column])
            .toArray());
      }
    }
    for (int step = 30; step < STEPS; step += 2) {
      double threshold = step / (double) STEPS;
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("threshold", threshold);
      for (String split : List.of("validation", "test")) {
        double[] safe = scores.get(split + "-safe");
        double[] unsafe = scores.get(split + "-unsafe");
        point.put(split + "_over", Arrays.stream(safe).filter(p -> p >= threshold).count() / (double) safe.length);
        point.put(split + "_under", Arrays.stream(unsafe).filter(p -> p < threshold).count() / (double) unsafe.length);
      }
      curve.add(point);
    }
    return curve;
  }

  private static double youden(Threshold threshold) {
    return threshold.truePositiveRate() - threshold.falsePositiveRate();
  }

  /** The policy's input-side figures on the test split (no response: the input checks alone decide). */
  public Figures figures(PreparedPolicy policy) throws IOException {
    return figures(policy, DefaultPolicyEvaluation::inTest);
  }

  /**
   * The same figures on the validation split: what a choice about the policy (a threshold, a model) is
   * made on, so that the test split's figures stay blind to it. Few rows: a handful of templates and
   * questions, about twenty XSTest prompts of each kind.
   */
  public Figures validationFigures(PreparedPolicy policy) throws IOException {
    return figures(policy, DefaultPolicyEvaluation::inValidation);
  }

  private Figures figures(PreparedPolicy policy, Predicate<String> inSplit) throws IOException {
    List<SourceText> templates = sources.templates().stream().filter(t -> inSplit.test(t.group())).toList();
    List<SourceText> questions = sources.harmfulQuestions().stream().filter(q -> inSplit.test(q.group())).toList();
    List<String> attackKeys = new ArrayList<>();
    List<String> attacks = new ArrayList<>();
    for (SourceText template : templates) {
      for (SourceText question : questions) {
        attackKeys.add(template.group() + "/" + question.group());
        attacks.add(ClassifierSets.fill(template.text(), question.text()));
      }
    }
    Predicate<String> passes = text -> passes(policy, text);
    double asr = share(attacks, passes);
    Map<String, Double> byMutation = new LinkedHashMap<>();
    for (Buff buff : Buff.all()) {
      List<String> mutated = new ArrayList<>(attacks.size());
      for (int i = 0; i < attacks.size(); i++) {
        mutated.add(buff.apply(attacks.get(i), Buff.seedOf(attackKeys.get(i) + "-" + buff.name())));
      }
      byMutation.put(buff.name(), share(mutated, passes));
    }
    List<String> safe = texts(sources.xstest("safe"), inSplit);
    List<String> unsafe = texts(sources.xstest("unsafe"), inSplit);
    List<String> benign = ClassifierSets.build(ClassifierSets.Kind.PROMPT_ATTACK, sources, SET_SEED).stream()
        .filter(row -> row.group().startsWith("alpaca-") && inSplit.test(row.group()))
        .map(LabeledText::text).distinct().toList();
    return new Figures(templates.size(), questions.size(), attacks.size(), asr, byMutation, safe.size(),
        share(safe, passes.negate()), unsafe.size(), share(unsafe, passes), benign.size(), share(benign, passes.negate()));
  }

  private static List<String> texts(List<SourceText> prompts, Predicate<String> inSplit) {
    return prompts.stream().filter(p -> inSplit.test(p.group())).map(SourceText::text).toList();
  }

  /** Let through: allowed or only flagged (block and escalate serve the fallback instead). */
  static boolean passes(PreparedPolicy policy, String prompt) {
    Evaluation evaluation = policy.evaluate(List.of(new Message(Message.USER, prompt)), null, false);
    return PolicyDocument.severity(evaluation.decision()) <= PolicyDocument.severity(PolicyDocument.FLAG);
  }

  private static double share(List<String> texts, Predicate<String> counted) {
    return texts.isEmpty() ? 0 : texts.stream().filter(counted).count() / (double) texts.size();
  }
}
