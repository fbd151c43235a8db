package dev.assay.guardrail.engine;

import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.policy.document.PolicyDocument;
import dev.assay.guardrail.policy.document.PolicyDocuments;
import dev.assay.guardrail.rules.NormalizedText;
import dev.assay.guardrail.rules.TextNormalizer;
import dev.assay.store.record.Message;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs a policy: its input checks on the user turns of the prompt (all of them, joined: an injection
 * in an earlier turn still steers the model), then its output checks on the response, each in order on
 * every normalised view of its text. The most severe outcome wins (block &gt; escalate &gt; redact &gt;
 * flag &gt; allow) and a block stops the checks after it. A check that throws, times out (per-check
 * budget {@code assay.guardrail.check-timeout}) or finds its queue full takes the policy's onError
 * outcome, named in the trace. Compiled policies are cached per version, so a request compiles nothing.
 */
@ApplicationScoped
public class GuardrailEngine {
  private static final Logger LOG = Logger.getLogger(GuardrailEngine.class);
  private static final int MAX_CACHED = 1_000;
  private static final TextNormalizer NORMALIZER = new TextNormalizer();
  private static final String INPUT = "input";
  private static final String OUTPUT = "output";

  private final PolicyCompiler compiler;
  private final GuardrailSettings settings;
  private final Map<Long, CompiledPolicy> compiled = new ConcurrentHashMap<>();

  public GuardrailEngine(PolicyCompiler compiler, GuardrailSettings settings) {
    this.compiler = compiler;
    this.settings = settings;
  }

  /** The document a policy version runs: its own, or the one an older single-threshold version amounts to. */
  public static PolicyDocument documentOf(Policy policy) {
    return policy.document != null ? PolicyDocuments.fromMap(policy.document) : PolicyDocuments.legacy(policy);
  }

  /**
   * Runs a stored policy version on a prompt and, when {@code response} is not null, its response; with no
   * response only the input checks run (a prompt judged before any model has answered it).
   */
  public Evaluation evaluate(Policy policy, List<Message> prompt, String response, boolean explain) {
    return evaluate(compiled(policy), prompt, response, explain, settings.checkTimeout(), true);
  }

  /**
   * A policy document that is not stored (read from a file, or a candidate being tested), compiled once
   * for many evaluations. Model checks use the models of the engine's compiler.
   */
  public PreparedPolicy prepare(PolicyDocument document) {
    return new PreparedPolicy(compiler.compile(document));
  }

  /** A stored policy version, compiled (or taken from the cache) once for many evaluations. */
  public PreparedPolicy prepare(Policy policy) {
    return new PreparedPolicy(compiled(policy));
  }

  /**
   * A stored policy version compiled with a candidate model in place of production's (not cached): how a
   * release gate tests a model through the policy it will serve in, without touching production.
   */
  public PreparedPolicy prepare(Policy policy, ModelOverride override) {
    return new PreparedPolicy(compiler.compile(documentOf(policy), override));
  }

  /** A compiled policy, evaluated like a stored one. */
  public final class PreparedPolicy {
    private final CompiledPolicy compiledPolicy;
    private final Duration checkTimeout;

    /** With the live decisions' per-check budget. */
    private PreparedPolicy(CompiledPolicy compiledPolicy) {
      this(compiledPolicy, settings.checkTimeout());
    }

    private PreparedPolicy(CompiledPolicy compiledPolicy, Duration checkTimeout) {
      this.compiledPolicy = compiledPolicy;
      this.checkTimeout = checkTimeout;
    }

    public PolicyDocument document() {
      return compiledPolicy.document();
    }

    /**
     * The same policy with another per-check budget: an offline run (a suite) waits for a slow model
     * rather than counting a busy machine's timeouts as the policy's onError decisions.
     */
    public PreparedPolicy withCheckTimeout(Duration timeout) {
      return new PreparedPolicy(compiledPolicy, timeout);
    }

    public Evaluation evaluate(List<Message> prompt, String response, boolean explain) {
      return GuardrailEngine.this.evaluate(compiledPolicy, prompt, response, explain, checkTimeout, true);
    }

    /**
     * The output checks alone on a response, the prompt as its context: how the output stage judges a
     * response whatever the input stage would have made of its prompt (a suite's output probes).
     */
    public Evaluation evaluateOutput(List<Message> prompt, String response) {
      return GuardrailEngine.this.evaluate(compiledPolicy, prompt, response, false, checkTimeout, false);
    }

    /**
     * What one scored check (classifier or reward) makes of an example, on the same text and views as in a
     * decision: the score its threshold is compared with and the model version that gave it (a calibration's
     * data).
     *
     * @throws IllegalArgumentException when the policy has no scored check of that name
     */
    public CheckScore score(String checkName, List<Message> prompt, String response) {
      boolean input = compiledPolicy.input().stream().anyMatch(c -> c.spec().name().equals(checkName));
      Check check = (input ? compiledPolicy.input() : compiledPolicy.output()).stream()
          .filter(c -> c.spec().name().equals(checkName) && c.spec().scored()).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no classifier or reward check named " + checkName));
      Subject subject = input ? new Subject(INPUT, prompt, NORMALIZER.normalize(userTurns(prompt)), false)
          : new Subject(OUTPUT, prompt, NORMALIZER.normalize(response), false);
      Finding finding = check.run(subject).join();
      return new CheckScore(finding.score(), finding.modelVersion());
    }
  }

  /** A scored check's score of one example and the model version that gave it. */
  public record CheckScore(double score, String modelVersion) {}

  private static String userTurns(List<Message> prompt) {
    return String.join("\n\n", prompt.stream().filter(m -> "user".equals(m.role())).map(Message::content).toList());
  }

  private Evaluation evaluate(CompiledPolicy compiledPolicy, List<Message> prompt, String response, boolean explain,
      Duration checkTimeout, boolean inputStage) {
    PolicyDocument document = compiledPolicy.document();
    Run run = new Run(document, response, checkTimeout);
    if (inputStage && !compiledPolicy.input().isEmpty()) {
      run.stage(compiledPolicy.input(), new Subject(INPUT, prompt, NORMALIZER.normalize(userTurns(prompt)), explain));
    }
    if (response != null && !run.blocked() && !compiledPolicy.output().isEmpty()) {
      run.stage(compiledPolicy.output(), new Subject(OUTPUT, prompt, NORMALIZER.normalize(response), explain));
    }
    return run.result();
  }

  private CompiledPolicy compiled(Policy policy) {
    CompiledPolicy cached = compiled.get(policy.id);
    if (cached == null) {
      if (compiled.size() >= MAX_CACHED) {
        compiled.clear();
      }
      cached = compiler.compile(documentOf(policy));
      compiled.put(policy.id, cached);
    }
    return cached;
  }

  /** One evaluation in progress: the trace so far, the worst action and the response to serve. */
  private final class Run {
    private final PolicyDocument document;
    private final Duration checkTimeout;
    private final List<TraceEntry> trace = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<String> calibration = new ArrayList<>();
    private final Map<String, Double> categoryScores = new LinkedHashMap<>();
    private String decision = PolicyDocument.ALLOW;
    private String served;
    private TraceEntry reward;
    private TraceEntry escalatedBy;

    Run(PolicyDocument document, String response, Duration checkTimeout) {
      this.document = document;
      this.checkTimeout = checkTimeout;
      this.served = response;
    }

    boolean blocked() {
      return PolicyDocument.BLOCK.equals(decision);
    }

    void stage(List<Check> checks, Subject subject) {
      List<String> normalizations = subject.text().applied();
      for (Check check : checks) {
        TraceEntry entry = run(check, subject, normalizations);
        trace.add(entry);
        if (entry.score() != null) {
          categoryScores.put(entry.check(), entry.score());
        }
        if (CheckSpec.REWARD.equals(entry.type())) {
          reward = entry;
        }
        if (PolicyDocument.severity(entry.action()) > PolicyDocument.severity(decision)) {
          decision = entry.action();
          if (PolicyDocument.ESCALATE.equals(decision)) {
            escalatedBy = entry;
          }
        }
        if (blocked()) {
          return;
        }
      }
    }

    private TraceEntry run(Check check, Subject subject, List<String> normalizations) {
      CheckSpec spec = check.spec();
      long started = System.nanoTime();
      Finding finding;
      try {
        finding = check.run(subject).get(checkTimeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return failed(spec, subject, normalizations, started, "no answer within " + checkTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(spec, subject, normalizations, started, "interrupted");
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
        LOG.debugf(cause, "Check %s failed", spec.name());
        return failed(spec, subject, normalizations, started, String.valueOf(cause.getMessage()));
      }
      String verdict = finding.hit() ? TraceEntry.HIT : TraceEntry.PASS;
      String action = finding.hit() ? spec.action() : PolicyDocument.ALLOW;
      if (finding.score() != null && document.uncertain() != null
          && Math.abs(finding.score() - finding.threshold()) <= document.uncertain().band()) {
        verdict = TraceEntry.UNCERTAIN;
        action = document.uncertain().action();
      }
      if (spec.calibratedFor() != null && finding.modelVersion() != null
          && !spec.calibratedFor().equals(finding.modelVersion())) {
        calibration.add(subject.stage() + " check '" + spec.name() + "': threshold calibrated for model version "
            + spec.calibratedFor() + ", served by " + finding.modelVersion() + "; " + spec.onUncalibrated());
        if (!"apply".equals(spec.onUncalibrated())) {
          verdict = TraceEntry.UNCALIBRATED;
          action = onFailure(spec.onUncalibrated());
        }
      }
      // With no response (input-only), there is nothing to mask: the decision says redact.
      if (PolicyDocument.REDACT.equals(action) && check instanceof PiiCheck pii && served != null) {
        String masked = pii.redact(served);
        if (masked.equals(served)) {
          // Found only in a normalised view (spaced out, encoded): no span of the response to mask.
          action = PolicyDocument.BLOCK;
        }
        served = masked;
      }
      if (!PolicyDocument.ALLOW.equals(action)) {
        reasons.add(reason(subject.stage(), spec, finding, verdict, action));
      }
      return new TraceEntry(subject.stage(), spec.name(), spec.type(), spec.label(), finding.score(), finding.threshold(), verdict,
          action, millisSince(started), finding.modelVersion(), normalizations, finding.matched(),
          finding.explanation(), null);
    }

    private TraceEntry failed(CheckSpec spec, Subject subject, List<String> normalizations, long started,
        String error) {
      String action = onFailure(document.onError());
      reasons.add(subject.stage() + " check '" + spec.name() + "' failed (" + error + "): " + document.onError());
      return new TraceEntry(subject.stage(), spec.name(), spec.type(), spec.label(), null, spec.threshold(), TraceEntry.ERROR,
          action, millisSince(started), null, normalizations, null, null, error);
    }

    Evaluation result() {
      String response = switch (decision) {
        case PolicyDocument.BLOCK, PolicyDocument.ESCALATE -> document.fallbackResponse();
        default -> served;
      };
      return new Evaluation(decision, List.copyOf(reasons), response, List.copyOf(trace), List.copyOf(calibration),
          reward, PolicyDocument.ESCALATE.equals(decision) ? escalatedBy : null, categoryScores);
    }
  }

  private static String onFailure(String rule) {
    return PolicyDocument.FAIL_OPEN.equals(rule) ? PolicyDocument.ALLOW : PolicyDocument.BLOCK;
  }

  private static String reason(String stage, CheckSpec spec, Finding finding, String verdict, String action) {
    String what;
    if (CheckSpec.REWARD.equals(spec.type())) {
      what = String.format("reward score %.4f is below the policy threshold %.4f", finding.score(), finding.threshold());
      if (!finding.hit()) {
        what = String.format("reward score %.4f is within the uncertainty band of the policy threshold %.4f",
            finding.score(), finding.threshold());
      }
    } else if (finding.score() != null) {
      what = String.format("%s probability %.4f against the threshold %.4f", spec.label(), finding.score(),
          finding.threshold());
    } else {
      what = "matched " + finding.matched();
    }
    return stage + " check '" + spec.name() + "' (" + spec.type() + ", " + verdict + "): " + what + ": " + action;
  }

  private static double millisSince(long started) {
    return (System.nanoTime() - started) / 1e6;
  }
}
