package dev.assay.bench;

import dev.assay.guardrail.defaults.DefaultPolicy;
import dev.assay.guardrail.defaults.DefaultPolicyEvaluation;
import dev.assay.guardrail.defaults.ShippedClassifiers;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.ModelJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The default policy on the shared dev data ({@link DefaultPolicyEvaluation}): {@code thresholds} prints,
 * per classifier check, the threshold chosen on its model's validation rows; {@code xstest} the
 * harmful-request detector's over- and under-refusal on XSTest per threshold; {@code figures} (the
 * default) prints the policy's attack success, per obfuscation, and its over- and under-refusal on the
 * test split, {@code validation} the same on the validation split (where choices are made), one JSON
 * line each. {@code -Dassay.bench.models=DIR} measures the models the training
 * script wrote to DIR instead of the shipped ones; {@code -Dassay.bench.band=B} replaces the document's
 * uncertainty band (0: none), to see what the band buys; {@code -Dassay.bench.threshold.CHECK=T} an input
 * check's threshold (e.g. {@code -Dassay.bench.threshold.harmful-request=0.8}).
 */
public final class DefaultPolicyBenchmark {
  private DefaultPolicyBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> modes = args.length == 0 ? List.of("figures") : List.of(args);
    String models = System.getProperty("assay.bench.models");
    DefaultPolicyEvaluation evaluation = new DefaultPolicyEvaluation(SharedData.directory());
    FeaturizerOptions options = FeaturizerOptions.inMemory();
    PolicyDocument document = withThresholds(
        withBand(DefaultPolicy.document(), System.getProperty("assay.bench.band")));
    try (ShippedClassifiers classifiers = models == null
        ? DefaultPolicy.classifiers(options) : DefaultPolicy.classifiers(Path.of(models), options)) {
      for (String mode : modes) {
        long started = System.nanoTime();
        Object result = switch (mode) {
          case "thresholds" -> evaluation.thresholds(document, classifiers);
          case "xstest" -> evaluation.xstestCurve("harmful-request", "harmful", classifiers);
          case "figures" -> evaluation.figures(DefaultPolicy.prepare(document, classifiers, Duration.ofMinutes(2)));
          case "validation" -> evaluation.validationFigures(
              DefaultPolicy.prepare(document, classifiers, Duration.ofMinutes(2)));
          default -> throw new IllegalArgumentException(
              "unknown mode " + mode + ": thresholds, xstest, validation or figures");
        };
        System.out.println(ModelJson.MAPPER.writeValueAsString(result));
        System.err.printf("%s took %.0f s%n", mode, (System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** The document with {@code -Dassay.bench.threshold.CHECK=T} in place of that input check's threshold. */
  private static PolicyDocument withThresholds(PolicyDocument document) {
    List<CheckSpec> input = document.input().stream().map(check -> {
      String threshold = System.getProperty("assay.bench.threshold." + check.name());
      return threshold == null ? check : new CheckSpec(check.name(), check.type(), check.action(),
          check.patterns(), check.list(), check.terms(), check.types(), check.model(), check.label(),
          Double.parseDouble(threshold), check.calibratedFor(), check.onUncalibrated());
    }).toList();
    return new PolicyDocument(document.name(), document.description(), document.fallbackResponse(),
        document.onError(), document.uncertain(), input, document.output());
  }

  private static PolicyDocument withBand(PolicyDocument document, String band) {
    if (band == null) {
      return document;
    }
    double width = Double.parseDouble(band);
    String action = document.uncertain() == null ? PolicyDocument.ESCALATE : document.uncertain().action();
    return new PolicyDocument(document.name(), document.description(), document.fallbackResponse(),
        document.onError(), width == 0 ? null : new PolicyDocument.Uncertain(width, action), document.input(),
        document.output());
  }
}
