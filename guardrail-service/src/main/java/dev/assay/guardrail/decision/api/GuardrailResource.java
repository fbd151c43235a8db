package dev.assay.guardrail.decision.api;

import dev.assay.guardrail.decision.GuardrailService;
import dev.assay.guardrail.scoring.PromptInput;
import dev.assay.guardrail.scoring.RateLimiter;
import dev.assay.guardrail.scoring.ScoringSettings;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Guardrail checks of a response against a named policy. The check returns a {@link Uni}: Quarkus REST then
 * reads the small request body in memory and writes the response on the event loop, and only the decision
 * itself (checks, audit commit) runs on a worker thread. A blocking method reads and writes through blocking
 * streams on the worker, each a hand-shake with the event loop: at saturation, reading the body so was about
 * a quarter of the app's profile samples.
 */
@Path("/api/v1/guardrail/check")
@Tag(name = "guardrail")
@RolesAllowed({Roles.SERVICE, Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GuardrailResource {
  private final GuardrailService guardrail;
  private final ScoringSettings limits;
  private final RateLimiter rateLimiter;
  private final SecurityIdentity caller;

  public GuardrailResource(
      GuardrailService guardrail, ScoringSettings limits, RateLimiter rateLimiter, SecurityIdentity caller) {
    this.guardrail = guardrail;
    this.limits = limits;
    this.rateLimiter = rateLimiter;
    this.caller = caller;
  }

  @POST
  @Operation(summary = "Allow, flag, redact, escalate or block a prompt and its response under a policy; every"
      + " decision is audited with its trace")
  @APIResponse(responseCode = "200", description = "The decision, the response to serve, the trace of every check"
      + " (score, threshold, verdict, latency, model version, normalisations) and the trace id")
  @APIResponse(responseCode = "404", description = "No such policy (or version), or it is retired")
  @APIResponse(responseCode = "413", description = "The body is over assay.guardrail.max-check-body-size, or the"
      + " prompt or response is too long")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed; the problem names it")
  @APIResponse(responseCode = "429", description = "Over the caller's rate limit; see Retry-After")
  @APIResponse(responseCode = "503", description = "No model in production: the body carries the fail-open"
      + " (allow) or fail-closed (block) decision with reason \"no model in production\"")
  public Uni<CheckView> check(
      @Parameter(description = "Add to each classifier check the phrases that moved its score most")
      @QueryParam("explain") boolean explain,
      @Parameter(description = "The key a canary rollout routing by request key hashes, when the body has no"
          + " request_key (e.g. the end user's id)")
      @HeaderParam("Assay-Request-Key") String requestKeyHeader,
      @Valid @NotNull CheckRequest request) {
    String name = caller.getPrincipal().getName();
    rateLimiter.acquire(caller);
    List<Message> prompt = PromptInput.parse(request.prompt());
    if (request.response().length() > limits.maxTextChars()) {
      throw new ProblemException(413, "Text Too Long", "response has " + request.response().length()
          + " characters; the limit is " + limits.maxTextChars(), "response", null);
    }
    PromptInput.checkLength(limits, prompt, List.of());
    String requestKey = request.requestKey() != null ? request.requestKey() : requestKeyHeader;
    return Uni.createFrom().item(() -> CheckView.of(guardrail.check(prompt, request.response(), request.policy(),
        request.policyVersion(), name, requestKey, explain))).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
