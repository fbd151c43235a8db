package dev.assay.guardrail.decision.api;

import dev.assay.guardrail.decision.NoModelDecisionException;
import dev.assay.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 503 problem+json for a check made while no model is in production, extended (RFC 9457 extension
 * members) with the decision the policy prescribes: block (fail-closed) or allow (fail-open), reason
 * "no model in production", and the audit trace id. Never a silent allow.
 */
public class NoModelMapper {
  @ServerExceptionMapper
  public Response noModel(NoModelDecisionException e) {
    Problem problem = e.toProblem();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    CheckView view = CheckView.of(e.decision());
    body.put("decision", view.decision());
    body.put("flagged", view.flagged());
    body.put("score", null);
    body.put("threshold", view.threshold());
    body.put("policy", view.policy());
    body.put("policy_version", view.policyVersion());
    body.put("model_version", null);
    body.put("reasons", view.reasons());
    body.put("trace_id", view.traceId());
    body.put("category_scores", view.categoryScores());
    if (view.fallbackResponse() != null) {
      body.put("fallback_response", view.fallbackResponse());
    }
    return Response.status(503).header("Retry-After", "30").type(Problem.MEDIA_TYPE).entity(body).build();
  }
}
