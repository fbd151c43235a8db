package dev.assay.guardrail.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.audit.AuditEntry;
import dev.assay.guardrail.audit.AuditLog;
import dev.assay.guardrail.engine.Evaluation;
import dev.assay.guardrail.engine.GuardrailEngine;
import dev.assay.guardrail.engine.TraceEntry;
import dev.assay.platform.escalation.EscalatedDecision;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.rollout.RunningRollout;
import dev.assay.guardrail.rollout.RunningRollouts;
import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.store.record.Message;
import dev.assay.store.text.ContentHash;
import dev.assay.trainer.model.ModelKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Guardrail checks: a policy's checks (rules, PII, classifiers, the reward score) on a prompt and its
 * response. Every decision, including those made without a model or with a failing check, is written
 * to the audit log with its trace before it is returned; it is then fired as a {@link DecisionMade}
 * event for the meters and monitors, and an escalated decision as a {@link EscalatedDecision} event.
 * While a canary rollout runs on a policy, the callers it draws are decided by its candidate (and their
 * decisions carry the candidate's versions and the cohort {@code canary}); requests naming a policy version
 * are never routed.
 */
@ApplicationScoped
public class GuardrailService {
  private static final Logger LOG = Logger.getLogger(GuardrailService.class);

  private final PolicyService policies;
  private final ProductionModels models;
  private final GuardrailEngine engine;
  private final AuditLog audit;
  private final GuardrailSettings settings;
  private final ObjectMapper json;
  private final Event<EscalatedDecision> escalations;
  private final Event<DecisionMade> decisionsMade;
  private final RunningRollouts rollouts;
  private final Clock clock;

  public GuardrailService(
      PolicyService policies, ProductionModels models, GuardrailEngine engine, AuditLog audit,
      GuardrailSettings settings, ObjectMapper json, Event<EscalatedDecision> escalations,
      Event<DecisionMade> decisionsMade, RunningRollouts rollouts, Clock clock) {
    this.policies = policies;
    this.models = models;
    this.engine = engine;
    this.audit = audit;
    this.settings = settings;
    this.json = json;
    this.escalations = escalations;
    this.decisionsMade = decisionsMade;
    this.rollouts = rollouts;
    this.clock = clock;
  }

  /**
   * Decides on one response.
   *
   * @param requestKey what a canary routing by request key hashes (e.g. an end user's id); null: the caller
   * @param explain add to each classifier check the phrases that moved its score most
   * @throws dev.assay.platform.problem.ProblemException 404 for an unknown policy
   * @throws NoModelDecisionException 503 with the fail-open/fail-closed decision when a policy made
   *     before policy documents (one reward threshold) is checked while no reward model is in production
   */
  public Decision check(List<Message> prompt, String response, String policyName, Integer policyVersion,
      String caller, String requestKey, boolean explain) {
    long started = System.nanoTime();
    Policy policy = policies.resolve(policyName, policyVersion);
    String traceId = UUID.randomUUID().toString();
    if (policy.document == null && models.current(ModelKind.REWARD).isEmpty()) {
      String outcome = Policy.FAIL_CLOSED.equals(policy.onNoModel) ? Policy.BLOCK : Decision.ALLOW;
      String fallback = Policy.BLOCK.equals(outcome) ? policy.fallbackResponse : null;
      Decision decision = new Decision(outcome, !Decision.ALLOW.equals(outcome), null, policy.threshold,
          policy.name, policy.version, null, List.of(Decision.NO_MODEL), traceId, Map.of(), fallback,
          millisSince(started), false, fallback != null ? fallback : Decision.ALLOW.equals(outcome) ? response : null,
          List.of(), List.of());
      Instant decidedAt = audit(decision, prompt, response, caller, started);
      observe(decision, caller, decidedAt, prompt, response, null);
      throw new NoModelDecisionException(decision);
    }
    RunningRollout canary = policyVersion == null ? rollouts.canaryFor(policy.name, caller, requestKey) : null;
    RunningRollout.Served candidate = canary == null ? null : canary.candidateFor(policy);
    Policy deciding = candidate == null ? policy : candidate.policy();
    Evaluation evaluation = candidate == null ? engine.evaluate(policy, prompt, response, explain)
        : candidate.prepared().evaluate(prompt, response, explain);
    TraceEntry reward = evaluation.reward();
    boolean blocksOrHolds = Policy.BLOCK.equals(evaluation.decision()) || "escalate".equals(evaluation.decision());
    Decision decision = new Decision(evaluation.decision(), !Decision.ALLOW.equals(evaluation.decision()),
        reward == null ? null : reward.score(), reward == null ? deciding.threshold : reward.threshold(), deciding.name,
        deciding.version, reward == null ? null : reward.modelVersion(), evaluation.reasons(), traceId,
        evaluation.categoryScores(), blocksOrHolds ? evaluation.response() : null, millisSince(started),
        reward == null || reward.modelVersion() != null, evaluation.response(), evaluation.trace(),
        evaluation.calibration());
    Instant decidedAt = audit(decision, prompt, response, caller, started);
    observe(decision, caller, decidedAt, prompt, response, canary);
    if (evaluation.escalatedBy() != null) {
      escalate(decision, evaluation.escalatedBy(), prompt, response, decidedAt);
    }
    return decision;
  }

  /**
   * Hands an escalated decision to its observers, stamped with the audit row's time so a review item and
   * the audit agree; the decision stands whatever they do.
   */
  private void escalate(Decision decision, TraceEntry by, List<Message> prompt, String response, Instant decidedAt) {
    try {
      escalations.fire(new EscalatedDecision(UUID.fromString(decision.traceId()), decision.policy(),
          decision.policyVersion(), by.stage(), by.check(), prompt, "output".equals(by.stage()) ? response : null,
          by.label(), by.score(), by.threshold(), decision.fallbackResponse(), by.modelVersion(), decidedAt));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Escalation of decision %s could not be handed over", decision.traceId());
    }
  }

  /** Hands a decision to the meters and monitors; the decision stands whatever they do. */
  private void observe(Decision decision, String caller, Instant decidedAt, List<Message> prompt, String response,
      RunningRollout canary) {
    try {
      decisionsMade.fire(canary == null
          ? new DecisionMade(decision, caller, decidedAt, DecisionMade.PRODUCTION, prompt, response, null)
          : new DecisionMade(decision, caller, decidedAt, DecisionMade.CANARY, prompt, response, canary.id()));
    } catch (RuntimeException e) {
      LOG.errorf(e, "Decision %s could not be handed to its observers", decision.traceId());
    }
  }

  /** Writes the decision to the audit log and returns the time it was recorded as made. */
  private Instant audit(Decision decision, List<Message> prompt, String response, String caller, long started) {
    String promptJson = toJson(prompt);
    boolean keepText = settings.audit().storeText();
    Instant decidedAt = clock.instant();
    audit.record(new AuditEntry(UUID.fromString(decision.traceId()), decidedAt, caller, decision.policy(),
        decision.policyVersion(), decision.modelVersion(), ContentHash.of(promptJson), ContentHash.of(response),
        keepText ? promptJson : null, keepText ? response : null, decision.score(), decision.threshold(),
        decision.decision(), decision.reasons(), (System.nanoTime() - started) / 1_000,
        decision.trace().isEmpty() ? null : toJson(decision.trace())));
    return decidedAt;
  }

  /** Canonical JSON: the prompt as the store hashes prompts, the trace as the response shows it. */
  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double millisSince(long started) {
    return (System.nanoTime() - started) / 1e6;
  }
}
