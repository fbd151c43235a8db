package dev.assay.bench;

import dev.assay.guardrail.defaults.DefaultPolicy;
import dev.assay.guardrail.defaults.DefaultPolicyEvaluation;
import dev.assay.guardrail.defaults.ShippedClassifiers;
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
 * test split, one JSON line each. {@code -Dassay.bench.models=DIR} measures the models the training
 * script wrote to DIR instead of the shipped ones; {@code -Dassay.bench.band=B} replaces the document's
 * uncertainty band (0: none), to see what the band buys.
 */
public final class DefaultPolicyBenchmark {
  private DefaultPolicyBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> modes = args.length == 0 ? List.of("figures") : List.of(args);
    String models = System.getProperty("assay.bench.models");
    DefaultPolicyEvaluation evaluation = new DefaultPolicyEvaluation(SharedData.directory());
    FeaturizerOptions options = FeaturizerOptions.inMemory();
    PolicyDocument document = withBand(DefaultPolicy.document(), System.getProperty("assay.bench.band"));
    try (ShippedClassifiers classifiers = models == null
        ? DefaultPolicy.classifiers(options) : DefaultPolicy.classifiers(Path.of(models), options)) {
      for (String mode : modes) {
        long started = System.nanoTime();
        Object result = switch (mode) {
          case "thresholds" -> evaluation.thresholds(document, classifiers);
          case "xstest" -> evaluation.xstestCurve("harmful-request", "harmful", classifiers);
          case "figures" -> evaluation.figures(DefaultPolicy.prepare(document, classifiers, Duration.ofMinutes(2)));
          default -> throw new IllegalArgumentException("unknown mode " + mode + ": thresholds or figures");
        };
        System.out.println(ModelJson.MAPPER.writeValueAsString(result));
        System.err.printf("%s took %.0f s%n", mode, (System.nanoTime() - started) / 1e9);
      }
    }
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
