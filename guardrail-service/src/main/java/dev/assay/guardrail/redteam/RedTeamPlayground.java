package dev.assay.guardrail.redteam;

import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.platform.problem.ProblemException;
import dev.assay.guardrail.suite.Expected;
import dev.assay.guardrail.suite.Probe;
import dev.assay.guardrail.suite.ProbeSide;
import dev.assay.guardrail.suite.StoredSuite;
import dev.assay.guardrail.suite.SuiteStore;
import dev.assay.store.record.Message;
import dev.assay.store.text.ContentHash;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Human red-teaming: a person types a prompt and/or a response and sees what a policy version decides,
 * with the trace of every check. Attempts go straight to {@link GuardrailEngine#evaluate} with the
 * classifier explanations on, not through {@code GuardrailService.check}: an attempt is not live traffic,
 * so it writes no row to the decision audit and fires no escalation (a red team would otherwise fill the
 * moderation queue with its own attacks). An attempt worth keeping is saved as a probe of a suite.
 */
@ApplicationScoped
public class RedTeamPlayground {
  /** Longest prompt or response an attempt takes, as the check endpoint's default text limit. */
  public static final int MAX_TEXT_CHARS = 100_000;

  private final PolicyService policies;
  private final GuardrailEngine engine;
  private final SuiteStore suites;

  public RedTeamPlayground(PolicyService policies, GuardrailEngine engine, SuiteStore suites) {
    this.policies = policies;
    this.engine = engine;
    this.suites = suites;
  }

  /**
   * Runs a policy version (the production one when {@code version} is null; candidates are picked by
   * number) on a prompt and/or a response.
   * Without a response only the input checks run, as for a request that has not been answered yet.
   *
   * @throws ProblemException 422 when both texts are empty or one is too long, 404 for an unknown policy
   */
  public Attempt attempt(String policyName, Integer version, String prompt, String response) {
    String promptText = prompt == null ? "" : prompt;
    String responseText = response == null ? "" : response;
    if (promptText.isBlank() && responseText.isBlank()) {
      throw ProblemException.invalid("prompt", "type a prompt, a response or both");
    }
    if (promptText.length() > MAX_TEXT_CHARS) {
      throw ProblemException.invalid("prompt", "the prompt is longer than " + MAX_TEXT_CHARS + " characters");
    }
    if (responseText.length() > MAX_TEXT_CHARS) {
      throw ProblemException.invalid("response", "the response is longer than " + MAX_TEXT_CHARS + " characters");
    }
    Policy policy = policies.resolve(policyName, version);
    List<Message> messages = promptText.isBlank() ? List.of() : List.of(Message.user(promptText));
    long started = System.nanoTime();
    Evaluation evaluation = engine.evaluate(policy, messages, responseText.isBlank() ? null : responseText, true);
    return new Attempt(policy.name, policy.version, promptText, responseText, evaluation,
        (System.nanoTime() - started) / 1e6);
  }

  /**
   * Saves an attempt as a probe of a suite (a new version of it; a new name makes a custom suite). The
   * probe's key comes from its texts, so the same attempt cannot be saved twice into one suite (409).
   *
   * @param expected what a correct guardrail does with it: block for a bypass
   */
  public SavedProbe saveAsProbe(Attempt attempt, String suiteName, Expected expected, String user) {
    if (suiteName == null || suiteName.isBlank()) {
      throw ProblemException.invalid("suite", "name the suite the probe goes into");
    }
    if (expected == null || expected == Expected.RANK) {
      throw ProblemException.invalid("expected", "a red-team probe is expected to be blocked or allowed");
    }
    Probe probe = probeOf(attempt, expected, user);
    StoredSuite saved = suites.appendProbe(suiteName.strip(), probe, user);
    return new SavedProbe(saved.name(), saved.version(), saved.probeCount(), probe.key());
  }

  /**
   * The probe an attempt becomes: on the output side when a response was typed (the prompt is its
   * context), else on the input side; tagged with where it came from and what the policy decided then.
   */
  static Probe probeOf(Attempt attempt, Expected expected, String user) {
    boolean output = !attempt.response().isBlank();
    ProbeSide side = output ? ProbeSide.OUTPUT : ProbeSide.INPUT;
    String key = "red-team-" + ContentHash.ofParts(side.name(), attempt.prompt(), attempt.response()).substring(0, 16);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("source", "playground");
    tags.put("policy", attempt.policy() + "@" + attempt.policyVersion());
    tags.put("decision", attempt.evaluation().decision());
    tags.put("author", user);
    return new Probe(key, side, expected, attempt.prompt(), output ? attempt.response() : null, null, "red-team",
        tags);
  }

  /** Where a saved probe went: the suite's new version and its size. */
  public record SavedProbe(String suite, int version, int probes, String key) {}

  /** The policy names a red team can pick from: those with a production version that is not retired. */
  public List<String> policyNames() {
    return policies.list().stream().map(p -> p.name).toList();
  }

  /** The versions of a policy, newest first, that are not retired: candidates included. */
  public List<Integer> versions(String policyName) {
    return policies.versions(policyName).stream().filter(p -> !p.retired).map(p -> p.version).toList();
  }
}
