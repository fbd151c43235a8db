package dev.assay.guardrail.suite.run;

import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.Suite;
import dev.assay.guardrail.suite.SuiteKind;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.model.RewardScorer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Applies a suite to a policy and/or a reward model. Input probes go through the policy's input checks
 * alone (no response exists yet), output probes through both stages; a probe expecting {@code block}
 * passes when the decision keeps the text from the user (block or escalate), one expecting {@code allow}
 * when it does not (allow, flag or redact). Bias pairs and counterfactual responses are scored by the
 * model, in batches. A run decides nothing live: no audit row, no escalation; {@link #run} stores nothing,
 * {@link #runAndStore} only the run and its outcomes.
 */
@ApplicationScoped
public class SuiteRunner {
  private final SuiteRunSettings settings;
  private final SuiteStore suites;
  private final SuiteRunStore runs;

  public SuiteRunner(SuiteRunSettings settings, SuiteStore suites, SuiteRunStore runs) {
    this.settings = settings;
    this.suites = suites;
    this.runs = runs;
  }

  /** Whether a decision keeps the text from the user. */
  public static boolean blocks(String decision) {
    return PolicyDocument.BLOCK.equals(decision) || PolicyDocument.ESCALATE.equals(decision);
  }

  /**
   * Runs every probe of {@code suite} against {@code target}.
   *
   * @throws ProblemException 422 naming {@code policy} when the suite has probes only a policy can judge
   *     and none is given, or {@code modelId} when it has bias pairs and no model is given
   */
  public SuiteRunResult run(Suite suite, RunTarget target) {
    List<Probe> probes = suite.probes();
    requireWhatTheSuiteNeeds(suite, target);
    List<Evaluation> evaluations = target.policy() == null ? null
        : inParallel(probes.size(), i -> evaluate(target, probes.get(i)));
    List<List<Reward>> rewards = target.model() == null ? null : score(target.model().scorer(), probes);
    List<ProbeOutcome> outcomes = new ArrayList<>(probes.size());
    int failures = 0;
    for (int i = 0; i < probes.size(); i++) {
      ProbeOutcome outcome = outcome(i, probes.get(i), evaluations == null ? null : evaluations.get(i),
          rewards == null ? null : rewards.get(i));
      failures += outcome.failed() ? 1 : 0;
      outcomes.add(outcome);
    }
    return new SuiteRunResult(suite.kind(), probes.size(), failures, SuiteMetrics.of(suite.kind(), probes, outcomes),
        outcomes);
  }

  /** Runs a stored suite version and stores the run with its outcomes. */
  public StoredRun runAndStore(StoredSuite suite, RunTarget target, String user) {
    SuiteRunResult result = run(suites.probes(suite.id()), target);
    return runs.save(suite.id(), target, result, user);
  }

  private static void requireWhatTheSuiteNeeds(Suite suite, RunTarget target) {
    boolean judgedByPolicy = suite.probes().stream().anyMatch(p -> p.expected() != Expected.RANK);
    boolean pairs = suite.probes().stream().anyMatch(p -> p.side() == ProbeSide.PAIR);
    // A counterfactual suite is read by either: decision flips need a policy, score gaps a model.
    if (judgedByPolicy && target.policy() == null && suite.kind() != SuiteKind.COUNTERFACTUAL) {
      throw ProblemException.invalid("policy", "suite " + suite.name() + " (" + suite.kind().wireName()
          + ") has probes a policy decides: name a policy to run it against");
    }
    if (pairs && target.model() == null) {
      throw ProblemException.invalid("modelId", "suite " + suite.name() + " (" + suite.kind().wireName()
          + ") has pairs a reward model ranks: name a reward model to run it against");
    }
  }

  /** The policy's decision on a probe; null for pairs, which a policy does not judge. */
  private static Evaluation evaluate(RunTarget target, Probe probe) {
    if (probe.side() == ProbeSide.PAIR) {
      return null;
    }
    String response = probe.side() == ProbeSide.INPUT ? null : probe.response();
    return target.policy().prepared().evaluate(prompt(probe), response, false);
  }

  private static List<Message> prompt(Probe probe) {
    return probe.prompt() == null || probe.prompt().isEmpty() ? List.of() : List.of(Message.user(probe.prompt()));
  }

  /**
   * The model's rewards of every probe with a response (the response, then a pair's alternative), null
   * for input probes; scored in batches of about {@code scoring-batch} texts.
   */
  private List<List<Reward>> score(RewardScorer scorer, List<Probe> probes) {
    List<Integer> scored = IntStream.range(0, probes.size()).filter(i -> probes.get(i).response() != null)
        .boxed().toList();
    int perBatch = Math.max(1, settings.scoringBatch() / 2);
    int batches = (scored.size() + perBatch - 1) / perBatch;
    List<List<List<Reward>>> batchRewards = inParallel(batches, b -> {
      List<Integer> batch = scored.subList(b * perBatch, Math.min(scored.size(), (b + 1) * perBatch));
      List<List<Message>> prompts = new ArrayList<>(batch.size());
      List<List<String>> responses = new ArrayList<>(batch.size());
      for (int i : batch) {
        Probe probe = probes.get(i);
        prompts.add(prompt(probe));
        responses.add(probe.alternative() == null ? List.of(probe.response())
            : List.of(probe.response(), probe.alternative()));
      }
      return scorer.scoreAll(prompts, responses);
    });
    List<List<Reward>> rewards = new ArrayList<>(Collections.nCopies(probes.size(), null));
    for (int b = 0; b < batches; b++) {
      List<List<Reward>> batch = batchRewards.get(b);
      for (int j = 0; j < batch.size(); j++) {
        rewards.set(scored.get(b * perBatch + j), batch.get(j));
      }
    }
    return rewards;
  }

  private static ProbeOutcome outcome(int ordinal, Probe probe, Evaluation evaluation, List<Reward> rewards) {
    String decision = evaluation == null ? null : evaluation.decision();
    Boolean passed = null;
    if (decision != null && probe.expected() != Expected.RANK) {
      passed = probe.expected() == Expected.BLOCK ? blocks(decision) : !blocks(decision);
    }
    Double score = rewards == null || rewards.isEmpty() ? null : rewards.get(0).normalized();
    Double scoreAlt = rewards == null || rewards.size() < 2 ? null : rewards.get(1).normalized();
    return new ProbeOutcome(ordinal, probe.key(), passed, decision, score, scoreAlt, detail(evaluation));
  }

  /**
   * For the failure catalogue: the checks that did not pass, and every scored check (an attack that got
   * through shows how far below its threshold the classifier put it); null when there is neither.
   */
  private static Map<String, Object> detail(Evaluation evaluation) {
    if (evaluation == null) {
      return null;
    }
    List<Map<String, Object>> checks = new ArrayList<>();
    for (TraceEntry entry : evaluation.trace()) {
      if (!TraceEntry.PASS.equals(entry.verdict()) || entry.score() != null) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("stage", entry.stage());
        check.put("check", entry.check());
        check.put("type", entry.type());
        check.put("verdict", entry.verdict());
        check.put("action", entry.action());
        if (entry.score() != null) {
          check.put("score", entry.score());
          check.put("threshold", entry.threshold());
        }
        if (entry.modelVersion() != null) {
          check.put("model_version", entry.modelVersion());
        }
        if (entry.matched() != null) {
          check.put("matched", entry.matched());
        }
        if (entry.error() != null) {
          check.put("error", entry.error());
        }
        checks.add(check);
      }
    }
    return checks.isEmpty() ? null : Map.of("checks", checks);
  }

  /** {@code task(0..n-1)} on at most {@code parallelism} threads, results in order. */
  private <T> List<T> inParallel(int n, IntFunction<T> task) {
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, settings.parallelism()));
    try {
      return pool.submit(() -> IntStream.range(0, n).parallel().mapToObj(task).toList()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("suite run interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }
}
