package dev.assay.guardrail.metrics;

import dev.assay.guardrail.decision.Decision;
import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.guardrail.monitoring.MonitoringSettings;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.DoubleStream;

/**
 * The guardrail's Prometheus meters, recorded from each audited decision ({@link DecisionMade}). Labels
 * are bounded by what admins configure (policies, checks, model versions): never the caller or a text.
 * A meter is built once per label tuple and kept, so a decision costs map lookups and increments.
 */
@ApplicationScoped
public class GuardrailMeters {
  /** The check that made a decision that is not allow, when none of the policy's checks did (no model). */
  static final String NO_CHECK = "none";
  /**
   * Upper bounds of the classifier probability histogram. Micrometer's distribution summaries round values
   * up to whole numbers in their buckets (every probability fell in {@code le="1.0"}) and drop negative
   * ones (rewards): both score histograms are a counter per bucket instead, cumulative as Prometheus
   * histograms are ({@code le}, {@code +Inf} last).
   */
  static final double[] PROBABILITY_BUCKETS =
      {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, Double.POSITIVE_INFINITY};
  /** Upper bounds of the reward histogram: rewards are z-scores against the training responses. */
  static final double[] REWARD_BUCKETS = {-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3, Double.POSITIVE_INFINITY};
  /** Upper bounds of the latency histograms, in milliseconds: p99 by histogram_quantile. */
  private static final Duration[] LATENCY_BUCKETS = DoubleStream.of(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250,
      500, 1000, 2500).mapToObj(ms -> Duration.ofNanos((long) (ms * 1_000_000))).toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final boolean enabled;
  private final ConcurrentMap<DecisionKey, Counter> decisions = new ConcurrentHashMap<>();
  private final ConcurrentMap<DecisionKey, Counter> escalations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> decisionLatencies = new ConcurrentHashMap<>();
  private final ConcurrentMap<CheckKey, Counter> checks = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> checkLatencies = new ConcurrentHashMap<>();
  private final ConcurrentMap<ModelLabel, Counter[]> probabilities = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter[]> rewards = new ConcurrentHashMap<>();

  public GuardrailMeters(MeterRegistry registry, MonitoringSettings monitoring) {
    this.registry = registry;
    this.enabled = monitoring.enabled();
  }

  void record(@Observes DecisionMade made) {
    if (!enabled) {
      return;
    }
    Decision decision = made.decision();
    DecisionKey key = new DecisionKey(decision.policy(), decision.decision(), triggeringCheck(decision), made.cohort());
    meter(decisions, key, this::decisionCounter).increment();
    if (PolicyDocument.ESCALATE.equals(decision.decision())) {
      meter(escalations, key, this::escalationCounter).increment();
    }
    meter(decisionLatencies, decision.policy(), this::decisionLatency)
        .record((long) (decision.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
    for (TraceEntry entry : decision.trace()) {
      meter(checks, new CheckKey(decision.policy(), entry.check(), entry.type(), entry.verdict()), this::checkCounter)
          .increment();
      meter(checkLatencies, entry.type(), this::checkLatency)
          .record((long) (entry.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
      if (entry.score() == null || entry.modelVersion() == null) {
        continue;
      }
      if (CheckSpec.CLASSIFIER.equals(entry.type())) {
        count(meter(probabilities, new ModelLabel(entry.modelVersion(), Objects.toString(entry.label(), "")),
            this::probabilityBuckets), PROBABILITY_BUCKETS, entry.score());
      } else if (CheckSpec.REWARD.equals(entry.type())) {
        count(meter(rewards, entry.modelVersion(), this::rewardBuckets), REWARD_BUCKETS, entry.score());
      }
    }
  }

  /** Counts the value in every bucket whose upper bound is at or above it. */
  private static void count(Counter[] buckets, double[] bounds, double value) {
    for (int b = buckets.length - 1; b >= 0 && value <= bounds[b]; b--) {
      buckets[b].increment();
    }
  }

  /** The first check whose action is the decision's; {@link #NO_CHECK} when the decision is allow or none did. */
  static String triggeringCheck(Decision decision) {
    if (Decision.ALLOW.equals(decision.decision())) {
      return NO_CHECK;
    }
    for (TraceEntry entry : decision.trace()) {
      if (decision.decision().equals(entry.action())) {
        return entry.check();
      }
    }
    return NO_CHECK;
  }

  /** The cached meter, built on the first use of its labels; a lookup without allocation once it exists. */
  private static <K, M> M meter(ConcurrentMap<K, M> meters, K key, Function<K, M> build) {
    M meter = meters.get(key);
    return meter != null ? meter : meters.computeIfAbsent(key, build);
  }

  private Counter decisionCounter(DecisionKey key) {
    return Counter.builder("assay.guardrail.decisions")
        .description("Guardrail decisions by policy, decision, the check that made it and cohort")
        .tags("policy", key.policy(), "decision", key.decision(), "check", key.check(), "cohort", key.cohort())
        .register(registry);
  }

  private Counter escalationCounter(DecisionKey key) {
    return Counter.builder("assay.guardrail.escalations")
        .description("Decisions handed to people for review, by policy and the check that escalated")
        .tags("policy", key.policy(), "check", key.check())
        .register(registry);
  }

  private Timer decisionLatency(String policy) {
    return Timer.builder("assay.guardrail.decision.latency")
        .description("Time to decide, audit commit excluded, by policy")
        .tags("policy", policy)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
  }

  private Counter checkCounter(CheckKey key) {
    return Counter.builder("assay.guardrail.checks")
        .description("Checks run, by policy, check, check type and verdict (pass, hit, uncertain, uncalibrated, error)")
        .tags("policy", key.policy(), "check", key.check(), "type", key.type(), "verdict", key.verdict())
        .register(registry);
  }

  private Timer checkLatency(String type) {
    return Timer.builder("assay.guardrail.check.latency")
        .description("Time one check took, by check type")
        .tags("type", type)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
  }

  private Counter[] probabilityBuckets(ModelLabel key) {
    return buckets("assay.guardrail.classifier.probability.bucket",
        "Probabilities classifier checks gave their class at or below le, by model version and class (a cumulative"
            + " histogram)", PROBABILITY_BUCKETS, "model_version", key.modelVersion(), "label", key.label());
  }

  private Counter[] rewardBuckets(String modelVersion) {
    return buckets("assay.guardrail.reward.score.bucket",
        "Reward checks' normalised scores at or below le, by model version (a cumulative histogram)", REWARD_BUCKETS,
        "model_version", modelVersion);
  }

  private Counter[] buckets(String name, String description, double[] bounds, String... tags) {
    Counter[] buckets = new Counter[bounds.length];
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] = Counter.builder(name).description(description).tags(tags)
          .tag("le", Double.isInfinite(bounds[b]) ? "+Inf" : Double.toString(bounds[b]))
          .register(registry);
    }
    return buckets;
  }

  private record DecisionKey(String policy, String decision, String check, String cohort) {}

  private record CheckKey(String policy, String check, String type, String verdict) {}

  private record ModelLabel(String modelVersion, String label) {}
}
