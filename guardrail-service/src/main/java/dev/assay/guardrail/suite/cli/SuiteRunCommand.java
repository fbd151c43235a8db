package dev.assay.guardrail.suite.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteFiles;
import dev.assay.guardrail.suite.run.RunTarget;
import dev.assay.guardrail.suite.run.RunTargets;
import dev.assay.guardrail.suite.run.SuiteRunResult;
import dev.assay.guardrail.suite.run.SuiteRunner;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code suite run --suite SUITE [--policy NAME_OR_FILE] [--model DIR] [--fail-above METRIC=VALUE]...}: runs a
 * suite file and prints exactly one JSON line, {@code {"suite":KIND,"probes":N,"failures":F,"metrics":{...}}}.
 * Exit status: 0, or 1 when a metric is above its {@code --fail-above} threshold (for CI pipelines), or 2 for
 * a usage or data error (one line on stderr). Nothing is stored and nothing is audited.
 */
@Dependent
@Unremovable
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a suite file against a policy (a stored name, a policy document file, or 'default', the"
        + " shipped policy) and/or a reward model directory; prints one JSON line of the suite's metrics.",
    exitCodeOnInvalidInput = 2)
public class SuiteRunCommand implements Callable<Integer> {
  static final int THRESHOLD_CROSSED = 1;
  static final int USAGE_OR_DATA_ERROR = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject RunTargets targets;
  @Inject SuiteRunner runner;

  @Spec CommandSpec spec;

  @Option(names = "--suite", required = true, description = "Suite file (as suite build writes it; gzip ok).")
  Path suite;

  @Option(names = "--policy", description = "A stored policy's name, a policy document file (YAML or JSON), or"
      + " 'default': the policy and classifiers Assay ships.")
  String policy;

  @Option(names = "--model", description = "A reward or preference model directory: scores bias pairs and"
      + " counterfactual responses.")
  Path model;

  @Option(names = "--fail-above", paramLabel = "METRIC=VALUE", description = "Exit with 1 when METRIC is above"
      + " VALUE (repeatable), e.g. --fail-above attack_success_rate=0.05.")
  List<String> failAbove = new ArrayList<>();

  @Override
  public Integer call() throws JsonProcessingException {
    if (policy == null && model == null) {
      return error("name a --policy, a --model or both");
    }
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (String option : failAbove) {
      int equals = option.indexOf('=');
      try {
        thresholds.put(option.substring(0, Math.max(equals, 0)), Double.parseDouble(option.substring(equals + 1)));
      } catch (NumberFormatException e) {
        equals = -1;
      }
      if (equals < 1) {
        return error("--fail-above takes METRIC=VALUE with a number, e.g. attack_success_rate=0.05, not '" + option + "'");
      }
    }
    SuiteRunResult result;
    try {
      Suite read = read(suite);
      try (RunTarget target = targets.fromCommandLine(policy, model)) {
        result = runner.run(read, target);
      }
    } catch (NoSuchFileException e) {
      return error("no such file: " + e.getFile());
    } catch (IOException | IllegalArgumentException | ProblemException e) {
      return error(e.getMessage());
    }
    List<String> unknown = thresholds.keySet().stream().filter(m -> !result.metrics().containsKey(m)).toList();
    if (!unknown.isEmpty()) {
      return error("--fail-above: a " + result.kind().wireName() + " suite reports no metric " + unknown
          + "; it reports " + result.metrics().keySet());
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("suite", result.kind().wireName());
    line.put("probes", result.probes());
    line.put("failures", result.failures());
    line.put("metrics", result.metrics());
    spec.commandLine().getOut().println(JSON.writeValueAsString(line));
    spec.commandLine().getOut().flush();
    List<String> crossed = new ArrayList<>();
    thresholds.forEach((metric, threshold) -> {
      if (result.metrics().get(metric) instanceof Number value && value.doubleValue() > threshold) {
        crossed.add(metric + " " + value + " is above " + threshold);
      }
    });
    if (!crossed.isEmpty()) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + String.join("; ", crossed));
      return THRESHOLD_CROSSED;
    }
    return 0;
  }

  private static Suite read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return SuiteFiles.read(in);
    } catch (SuiteFiles.SuiteFileException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private int error(String message) {
    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
    return USAGE_OR_DATA_ERROR;
  }
}
