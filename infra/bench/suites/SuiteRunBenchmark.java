import dev.assay.guardrail.defaults.DefaultPolicy;
import dev.assay.guardrail.defaults.ShippedClassifiers;
import dev.assay.guardrail.engine.GuardrailEngine.PreparedPolicy;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.build.BuildInput;
import dev.assay.guardrail.suite.build.SuiteBuilders;
import dev.assay.guardrail.suite.run.RunTarget;
import dev.assay.guardrail.suite.run.RunTarget.ModelUnderTest;
import dev.assay.guardrail.suite.run.RunTarget.PolicyUnderTest;
import dev.assay.guardrail.suite.run.SuiteRunResult;
import dev.assay.guardrail.suite.run.SuiteRunSettings;
import dev.assay.guardrail.suite.run.SuiteRunner;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.model.RewardScorer;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Suite-run throughput in process (no database, nothing stored): the suites built from the shared dev
 * files, run through a rules-only policy (the built-in prompt-injection deny list on the input, PII on the
 * output), through the shipped default policy when its classifiers are on the classpath, and the bias pairs
 * through a reward model directory when one is given. Wall and process CPU per suite, parallelism 1 and 2.
 * Usage: java -cp CLASSPATH SuiteRunBenchmark.java SHARED_DATA_DIR [REWARD_MODEL_DIR]
 */
public class SuiteRunBenchmark {
  static final String RULES_POLICY = """
      {"name":"rules","fallbackResponse":"Sorry.","onError":"fail-closed",
       "input":[{"name":"injection","type":"deny-list","action":"block","list":"prompt-injection"}],
       "output":[{"name":"pii","type":"pii","action":"redact","types":["email","phone"]}]}""";

  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

  public static void main(String[] args) throws Exception {
    Path safety = Path.of(args[0], "safety");
    Path model = args.length > 1 ? Path.of(args[1]) : null;
    List<Suite> suites = new ArrayList<>();
    suites.add(SuiteBuilders.build("jailbreak", new BuildInput("jailbreak",
        safety.resolve("jailbreak-templates-dev.csv.gz"), safety.resolve("harmful-questions-dev.csv.gz"), null)));
    suites.add(SuiteBuilders.build("mutations", new BuildInput("mutations",
        safety.resolve("harmful-questions-dev.csv.gz"), null, null)));
    suites.add(SuiteBuilders.build("over-refusal", new BuildInput("over-refusal",
        safety.resolve("xstest-prompts-dev.csv.gz"), null, null)));
    suites.add(SuiteBuilders.build("harmful-responses", new BuildInput("harmful-responses",
        safety.resolve("jailbreak-responses-dev.csv.gz"), safety.resolve("harmful-questions-dev.csv.gz"), null)));
    Suite counterfactual = SuiteBuilders.build("counterfactual", new BuildInput("counterfactual", null, null, null));
    suites.add(counterfactual);
    Suite pairs = SuiteBuilders.build("bias-pairs", new BuildInput("bias-pairs",
        safety.resolve("crows-pairs-dev.csv.gz"), null, null));

    // BENCH_SUITES=harmful-responses,counterfactual: only those kinds (bias pairs run whenever a model is given)
    String only = System.getenv("BENCH_SUITES");
    if (only != null && !only.isBlank()) {
      List<String> kinds = List.of(only.split(","));
      suites.removeIf(suite -> !kinds.contains(suite.kind().wireName()));
    }
    System.out.println("| policy | suite | probes | parallelism | wall s | CPU s | probes/s (wall) | headline metric |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    PolicyDocument rules = PolicyDocuments.parse(RULES_POLICY, false);
    runAll("rules only", DefaultPolicy.prepare(rules, name -> Optional.empty(), CHECK_TIMEOUT), suites, true);
    if (DefaultPolicy.class.getClassLoader().getResource(DefaultPolicy.MODELS_RESOURCE) != null) {
      try (ShippedClassifiers shipped = DefaultPolicy.classifiers(FeaturizerOptions.serving(10_000))) {
        // the classifiers' forward passes make this the slow one: the default parallelism only
        runAll("default (shipped)", DefaultPolicy.prepare(DefaultPolicy.document(), shipped, CHECK_TIMEOUT), suites,
            false);
      }
    } else {
      System.out.println("| default (shipped) | not measured: no shipped classifiers on the classpath | | | | | | |");
    }
    if (model != null) {
      for (int parallelism : new int[] {1, 2}) {
        try (RunTarget target = new RunTarget(null, new ModelUnderTest(null, model.toString(),
            RewardScorer.load(model, FeaturizerOptions.inMemory())))) {
          measure("reward model " + model.getFileName(), pairs, target, parallelism, "stereotype_preference");
          measure("reward model " + model.getFileName(), counterfactual, target, parallelism, "max_score_gap");
        }
      }
    }
  }

  /** Each suite with parallelism 1 and 2, or only 2 (the default) when {@code bothParallelisms} is false. */
  static void runAll(String label, PreparedPolicy policy, List<Suite> suites, boolean bothParallelisms) {
    RunTarget target = new RunTarget(new PolicyUnderTest(label, null, policy), null);
    Suite smallest = suites.stream().min(Comparator.comparingInt(s -> s.probes().size())).orElseThrow();
    measure(label + " (warm-up)", smallest, target, 2, null);
    for (Suite suite : suites) {
      for (int parallelism : bothParallelisms ? new int[] {1, 2} : new int[] {2}) {
        measure(label, suite, target, parallelism, null);
      }
    }
  }

  static void measure(String label, Suite suite, RunTarget target, int parallelism, String metric) {
    SuiteRunner runner = new SuiteRunner(settings(parallelism), null, null);
    long cpu = processCpuNanos();
    long started = System.nanoTime();
    SuiteRunResult result = runner.run(suite, target);
    double wall = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
    String headline = metric != null ? metric + " " + String.format("%.3f", (Double) result.metrics().get(metric))
        : result.metrics().entrySet().stream().filter(e -> e.getKey().endsWith("_rate") && e.getValue() instanceof Double)
            .map(e -> e.getKey() + " " + String.format("%.3f", (Double) e.getValue())).findFirst().orElse("");
    System.out.printf("| %s | %s | %,d | %d | %.2f | %.2f | %,.0f | %s |%n", label, suite.kind().wireName(),
        result.probes(), parallelism, wall, cpuSeconds, result.probes() / wall, headline);
  }

  static SuiteRunSettings settings(int parallelism) {
    return (SuiteRunSettings) Proxy.newProxyInstance(SuiteRunSettings.class.getClassLoader(),
        new Class<?>[] {SuiteRunSettings.class}, (proxy, method, args) -> switch (method.getName()) {
          case "parallelism" -> parallelism;
          case "scoringBatch" -> 256;
          case "checkTimeout" -> CHECK_TIMEOUT;
          case "maxProbes" -> Integer.MAX_VALUE;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
