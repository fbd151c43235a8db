package dev.assay.guardrail.release;

import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.run.ProbeOutcome;
import dev.assay.guardrail.suite.run.RunTarget;
import dev.assay.guardrail.suite.run.SuiteMetrics;
import dev.assay.guardrail.suite.run.SuiteRunResult;
import dev.assay.guardrail.suite.run.SuiteRunner;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.evaluation.Statistics;
import dev.assay.trainer.registry.PromotionCheck;
import dev.assay.trainer.registry.RegistrySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the gating suites of a promotion: each suite against the candidate and against what is in production,
 * on the same probes. A gate fails when the candidate's metric misses its bound, or when it is worse than
 * production's by more than the tolerance and a one-sided paired bootstrap over the probes' verdicts (the
 * registry's significance and resamples) says that is not sampling noise. A metric not made of per-probe
 * verdicts (stereotype preference, score gaps) is compared on the tolerance alone. A gate whose suite is
 * missing, or whose run cannot be made or does not report the metric, fails: a gate that cannot run refuses.
 */
@ApplicationScoped
public class GatingSuites {
  /** Failing probes a refusal shows per gate. */
  static final int EXAMPLES = 5;
  private static final int SHOWN_CHARS = 160;
  private static final long BOOTSTRAP_SEED = 20261208L;
  /** Rates counted over the probes expected to be blocked, and over those expected to be allowed. */
  private static final Set<String> OVER_BLOCK_EXPECTED = Set.of(SuiteMetrics.ATTACK_SUCCESS_RATE,
      SuiteMetrics.UNDER_REFUSAL_RATE, SuiteMetrics.MISSED_HARM_RATE);
  private static final Set<String> OVER_ALLOW_EXPECTED = Set.of(SuiteMetrics.OVER_REFUSAL_RATE,
      SuiteMetrics.FALSE_BLOCK_RATE);

  private final SuiteStore suites;
  private final SuiteRunner runner;
  private final RegistrySettings registry;

  public GatingSuites(SuiteStore suites, SuiteRunner runner, RegistrySettings registry) {
    this.suites = suites;
    this.runner = runner;
    this.registry = registry;
  }

  /**
   * Runs one gate. {@code candidate} and {@code production} build the targets (closed here); {@code production}
   * gives empty when nothing is in production, and then only the bound applies.
   */
  public PromotionCheck.Result run(ReleaseGate gate, Function<ReleaseGate, RunTarget> candidate,
      Function<ReleaseGate, Optional<RunTarget>> production) {
    String check = "suite " + gate.suite + (gate.policy == null ? "" : " through policy " + gate.policy)
        + " (gate " + gate.id + ")";
    Optional<StoredSuite> stored = suites.latest(gate.suite);
    if (stored.isEmpty()) {
      return refused(check, gate, "suite " + gate.suite + " does not exist: the gate cannot run");
    }
    check = "suite " + gate.suite + " v" + stored.get().version()
        + (gate.policy == null ? "" : " through policy " + gate.policy) + " (gate " + gate.id + ")";
    Suite suite = suites.probes(stored.get().id());
    SuiteRunResult candidateRun;
    Optional<SuiteRunResult> productionRun;
    try {
      try (RunTarget target = candidate.apply(gate)) {
        candidateRun = runner.run(suite, target);
      }
      Optional<RunTarget> productionTarget = production.apply(gate);
      try (RunTarget target = productionTarget.orElse(null)) {
        productionRun = productionTarget.map(t -> runner.run(suite, t));
      }
    } catch (ProblemException e) {
      return refused(check, gate, "the suite cannot run: " + e.getMessage());
    }
    Double candidateValue = metric(candidateRun, gate.metric);
    if (candidateValue == null) {
      return refused(check, gate, "the run reports no value of " + gate.metric + "; it reports "
          + candidateRun.metrics().keySet());
    }
    Double productionValue = productionRun.map(r -> metric(r, gate.metric)).orElse(null);
    List<String> failures = new ArrayList<>();
    boolean outOfBound = gate.higherIsWorse() ? candidateValue > gate.maximum : candidateValue < gate.minimum;
    if (outOfBound) {
      failures.add("misses " + gate.bound());
    }
    if (productionValue != null) {
      double worsening = gate.higherIsWorse() ? candidateValue - productionValue : productionValue - candidateValue;
      if (worsening > gate.tolerance) {
        Double p = regressionPValue(suite.probes(), candidateRun, productionRun.get(), gate);
        if (p == null) {
          failures.add(String.format(Locale.ROOT, "worse than production by %.4f, beyond the tolerance %.4f", worsening,
              gate.tolerance));
        } else if (p < registry.significance()) {
          failures.add(String.format(Locale.ROOT, "worse than production by %.4f, beyond the tolerance %.4f and"
              + " beyond sampling noise (paired bootstrap p = %.4f < %.2f)", worsening, gate.tolerance, p,
              registry.significance()));
        }
      }
    }
    String rule = String.format(Locale.ROOT, "%s; at most %.4f worse than production unless a one-sided paired"
            + " bootstrap over the probes' verdicts (%d resamples) gives p >= %.2f%s", gate.bound(), gate.tolerance,
        registry.bootstrapResamples(), registry.significance(),
        failures.isEmpty() ? "" : ": " + String.join("; ", failures));
    return new PromotionCheck.Result(check, failures.isEmpty(), gate.metric, candidateValue, productionValue, rule,
        examples(suite.probes(), candidateRun, productionRun.orElse(null)));
  }

  private static PromotionCheck.Result refused(String check, ReleaseGate gate, String why) {
    return new PromotionCheck.Result(check, false, gate.metric, null, null, why, List.of());
  }

  private static Double metric(SuiteRunResult run, String name) {
    return run.metrics().get(name) instanceof Number value ? value.doubleValue() : null;
  }

  /**
   * The bootstrap over the probes that count in the metric (those expected blocked for attack success,
   * under-refusal and missed harm; expected allowed for over-refusal and false blocks; every judged probe
   * otherwise) and that both runs judged; null for a metric not made of verdicts, or no such probes.
   */
  private Double regressionPValue(List<Probe> probes, SuiteRunResult candidate, SuiteRunResult production,
      ReleaseGate gate) {
    if (!gate.higherIsWorse() || !gate.metric.endsWith("_rate") || SuiteMetrics.FLIP_RATE.equals(gate.metric)) {
      return null;
    }
    List<Integer> counted = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Expected expected = probes.get(i).expected();
      boolean inMetric = OVER_BLOCK_EXPECTED.contains(gate.metric) ? expected == Expected.BLOCK
          : !OVER_ALLOW_EXPECTED.contains(gate.metric) || expected == Expected.ALLOW;
      if (inMetric && candidate.outcomes().get(i).passed() != null && production.outcomes().get(i).passed() != null) {
        counted.add(i);
      }
    }
    if (counted.isEmpty()) {
      return null;
    }
    // The bootstrap compares scores where higher is better: the share of probes passed.
    boolean[] candidatePassed = new boolean[counted.size()];
    boolean[] productionPassed = new boolean[counted.size()];
    for (int k = 0; k < counted.size(); k++) {
      candidatePassed[k] = !candidate.outcomes().get(counted.get(k)).failed();
      productionPassed[k] = !production.outcomes().get(counted.get(k)).failed();
    }
    return Statistics.regressionPValue(counted.size(), s -> Statistics.accuracyAt(candidatePassed, s),
        s -> Statistics.accuracyAt(productionPassed, s), gate.tolerance, registry.bootstrapResamples(), BOOTSTRAP_SEED);
  }

  /** Failing probes of the candidate, those production got right first (what the candidate newly fails). */
  private static List<PromotionCheck.FailingProbe> examples(List<Probe> probes, SuiteRunResult candidate,
      SuiteRunResult production) {
    List<PromotionCheck.FailingProbe> newlyFailing = new ArrayList<>();
    List<PromotionCheck.FailingProbe> alsoFailing = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      ProbeOutcome outcome = candidate.outcomes().get(i);
      if (!outcome.failed()) {
        continue;
      }
      Probe probe = probes.get(i);
      PromotionCheck.FailingProbe example = new PromotionCheck.FailingProbe(probe.key(), shown(probe),
          probe.expected().name().toLowerCase(Locale.ROOT), outcome.decision());
      boolean productionFailed = production != null && production.outcomes().get(i).failed();
      (productionFailed ? alsoFailing : newlyFailing).add(example);
    }
    newlyFailing.addAll(alsoFailing);
    return List.copyOf(newlyFailing.subList(0, Math.min(EXAMPLES, newlyFailing.size())));
  }

  private static String shown(Probe probe) {
    String text = probe.side() == ProbeSide.INPUT || probe.response() == null
        ? probe.prompt() : probe.prompt() + " → " + probe.response();
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS - 1) + "…";
  }
}
