package dev.assay.guardrail.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.GuardrailSettings;
import dev.assay.guardrail.audit.AuditEntry;
import dev.assay.guardrail.audit.AuditLog;
import dev.assay.guardrail.policy.Policy;
import dev.assay.guardrail.policy.PolicyService;
import dev.assay.guardrail.scoring.ProductionModels;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.store.record.Message;
import dev.assay.store.text.ContentHash;
import dev.assay.trainer.model.ModelKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Guardrail checks: the production reward model's normalised score of a response against a policy's
 * threshold. Every decision, including those made without a model, is written to the audit log.
 */
@ApplicationScoped
public class GuardrailService {
  private final PolicyService policies;
  private final ProductionModels models;
  private final ScoringService scoring;
  private final AuditLog audit;
  private final GuardrailSettings settings;
  private final ObjectMapper json;

  public GuardrailService(
      PolicyService policies, ProductionModels models, ScoringService scoring, AuditLog audit,
      GuardrailSettings settings, ObjectMapper json) {
    this.policies = policies;
    this.models = models;
    this.scoring = scoring;
    this.audit = audit;
    this.settings = settings;
    this.json = json;
  }

  /**
   * Decides on one response.
   *
   * @throws dev.assay.platform.problem.ProblemException 404 for an unknown policy
   * @throws NoModelDecisionException 503 with the fail-open/fail-closed decision when no model is in
   *     production
   */
  public Decision check(List<Message> prompt, String response, String policyName, Integer policyVersion,
      String caller) {
    long started = System.nanoTime();
    Policy policy = policies.resolve(policyName, policyVersion);
    String traceId = UUID.randomUUID().toString();
    Decision decision;
    if (models.current(ModelKind.REWARD).isEmpty()) {
      String outcome = Policy.FAIL_CLOSED.equals(policy.onNoModel) ? Policy.BLOCK : Decision.ALLOW;
      decision = new Decision(outcome, !Decision.ALLOW.equals(outcome), null, policy.threshold, policy.name,
          policy.version, null, List.of(Decision.NO_MODEL), traceId, Map.of(),
          Policy.BLOCK.equals(outcome) ? policy.fallbackResponse : null, millisSince(started), false);
      audit(decision, prompt, response, caller, started);
      throw new NoModelDecisionException(decision);
    }
    ScoringService.Scored scored = scoring.score(prompt, List.of(response));
    double score = scored.rewards().getFirst().normalized();
    boolean below = score < policy.threshold;
    String outcome = below ? policy.action : Decision.ALLOW;
    List<String> reasons = below
        ? List.of(String.format("reward score %.4f is below the policy threshold %.4f", score, policy.threshold))
        : List.of();
    decision = new Decision(outcome, below, score, policy.threshold, policy.name, policy.version,
        scored.modelVersion(), reasons, traceId, Map.of("reward", score),
        Policy.BLOCK.equals(outcome) ? policy.fallbackResponse : null, millisSince(started), true);
    audit(decision, prompt, response, caller, started);
    return decision;
  }

  private void audit(Decision decision, List<Message> prompt, String response, String caller, long started) {
    String promptJson = promptJson(prompt);
    boolean keepText = settings.audit().storeText();
    audit.record(new AuditEntry(UUID.fromString(decision.traceId()), Instant.now(), caller, decision.policy(),
        decision.policyVersion(), decision.modelVersion(), ContentHash.of(promptJson), ContentHash.of(response),
        keepText ? promptJson : null, keepText ? response : null, decision.score(), decision.threshold(),
        decision.decision(), decision.reasons(), (System.nanoTime() - started) / 1_000));
  }

  /** The prompt's canonical JSON, hashed as the store hashes prompts. */
  private String promptJson(List<Message> prompt) {
    try {
      return json.writeValueAsString(prompt);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double millisSince(long started) {
    return (System.nanoTime() - started) / 1e6;
  }
}
