package dev.assay.guardrail.scoring.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.guardrail.scoring.PromptInput;
import dev.assay.guardrail.scoring.RateLimiter;
import dev.assay.guardrail.scoring.ScoringService;
import dev.assay.guardrail.scoring.ScoringSettings;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reward scores and pairwise preferences from the production models. The endpoints return a {@link
 * Uni}, so they run on the event loop: the checks are in-memory and the request goes straight to the
 * model's micro-batcher, without a hop through a worker thread (see {@link ScoringService}).
 */
@Path("/api/v1")
@Tag(name = "scoring")
@RolesAllowed({Roles.SERVICE, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScoreResource {
  private final ScoringService scoring;
  private final ScoringSettings settings;
  private final RateLimiter rateLimiter;
  private final SecurityIdentity caller;

  public ScoreResource(ScoringService scoring, ScoringSettings settings, RateLimiter rateLimiter, SecurityIdentity caller) {
    this.scoring = scoring;
    this.settings = settings;
    this.rateLimiter = rateLimiter;
    this.caller = caller;
  }

  public record ScoreRequest(JsonNode prompt, @NotNull @NotEmpty List<@NotNull String> responses) {}

  public record ScoreView(String modelVersion, List<RewardView> scores) {}

  public record CompareRequest(JsonNode prompt, @NotNull String responseA, @NotNull String responseB) {}

  @POST
  @Path("/scores")
  @Operation(summary = "Reward of each response to the prompt: raw and normalised (z-score)")
  @APIResponse(responseCode = "200", description = "The scores, in the order of the responses")
  @APIResponse(responseCode = "413", description = "Too many responses or a text too long")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed")
  @APIResponse(responseCode = "429", description = "Over the caller's rate limit; see Retry-After")
  @APIResponse(responseCode = "503", description = "No reward model is in production, or the scoring queue is full")
  public Uni<ScoreView> score(@Valid @NotNull ScoreRequest request) {
    rateLimiter.acquire(caller);
    List<Message> prompt = PromptInput.parse(request.prompt());
    if (request.responses().size() > settings.maxBatch()) {
      throw new ProblemException(413, "Batch Too Large", "at most " + settings.maxBatch()
          + " responses per request, got " + request.responses().size(), "responses", null);
    }
    PromptInput.checkLength(settings, prompt, request.responses());
    return Uni.createFrom().completionStage(scoring.scoreAsync(prompt, request.responses()))
        .map(scored -> new ScoreView(scored.modelVersion(), scored.rewards().stream().map(RewardView::of).toList()));
  }

  @POST
  @Path("/comparisons/score")
  @Operation(summary = "P(A better than B): from the preference model if one is in production, else from rewards")
  @APIResponse(responseCode = "200", description = "The probabilities")
  @APIResponse(responseCode = "413", description = "A text is too long")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed")
  @APIResponse(responseCode = "429", description = "Over the caller's rate limit; see Retry-After")
  @APIResponse(responseCode = "503", description = "No model is in production, or the scoring queue is full")
  public Uni<ComparedView> compare(@Valid @NotNull CompareRequest request) {
    rateLimiter.acquire(caller);
    List<Message> prompt = PromptInput.parse(request.prompt());
    PromptInput.checkLength(settings, prompt, List.of(request.responseA(), request.responseB()));
    return Uni.createFrom().completionStage(scoring.compareAsync(prompt, request.responseA(), request.responseB()))
        .map(ComparedView::of);
  }
}
