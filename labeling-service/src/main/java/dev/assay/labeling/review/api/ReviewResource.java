package dev.assay.labeling.review.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.labeling.review.ReviewService;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Choice;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The review queue of disagreeing comparisons and their adjudication (admins). */
@Path("/api/v1")
@Tag(name = "review")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReviewResource {
  private final ReviewService reviews;
  private final SecurityIdentity caller;

  public ReviewResource(ReviewService reviews, SecurityIdentity caller) {
    this.reviews = reviews;
    this.caller = caller;
  }

  public record AdjudicationRequest(@NotNull Choice choice, String rationale) {}

  /** A queued comparison with its judgements and content (reviewers see A/B and the generators). */
  public record ReviewItemView(long id, long campaignId, long comparisonId, double agreement, String state,
      JsonNode judgements, JsonNode prompt, String responseA, String responseB, String generatorA,
      String generatorB, AdjudicationView adjudication, Instant createdAt) {
    static ReviewItemView of(ReviewService.ReviewItem i) {
      return new ReviewItemView(i.id(), i.campaignId(), i.comparisonId(), i.agreement(), i.state(), i.judgements(),
          i.prompt(), i.responseA(), i.responseB(), i.generatorA(), i.generatorB(),
          i.adjudication() == null ? null : AdjudicationView.of(i.adjudication()), i.createdAt());
    }
  }

  /** A reviewer's decision (canonical A/B). */
  public record AdjudicationView(long id, long reviewItemId, String reviewer, Choice choice, String rationale,
      Instant createdAt) {
    static AdjudicationView of(ReviewService.Adjudication a) {
      return new AdjudicationView(a.id(), a.reviewItemId(), a.reviewer(), a.choice(), a.rationale(), a.createdAt());
    }
  }

  @GET
  @Path("/campaigns/{id}/reviews")
  @Operation(summary = "The campaign's review queue (state OPEN or RESOLVED; all when omitted)")
  @APIResponse(responseCode = "200", description = "The queued comparisons with their judgements")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public List<ReviewItemView> list(@PathParam("id") long campaignId, @QueryParam("state") String state) {
    return reviews.list(campaignId, state).stream().map(ReviewItemView::of).toList();
  }

  @GET
  @Path("/reviews/{id}")
  @Operation(summary = "One review item, with its adjudication if any")
  @APIResponse(responseCode = "200", description = "The review item")
  @APIResponse(responseCode = "404", description = "No such review item")
  public ReviewItemView get(@PathParam("id") long id) {
    return ReviewItemView.of(reviews.get(id));
  }

  @POST
  @Path("/reviews/{id}/adjudication")
  @Operation(summary = "Adjudicate a review item (canonical A/B); stored beside the original judgements")
  @APIResponse(responseCode = "201", description = "Stored; the review item is at Location")
  @APIResponse(responseCode = "404", description = "No such review item")
  @APIResponse(responseCode = "409", description = "Already adjudicated")
  @APIResponse(responseCode = "422", description = "choice missing or unknown")
  public Response adjudicate(@PathParam("id") long id, @Valid @NotNull AdjudicationRequest request,
      @Context UriInfo uri) {
    ReviewService.Adjudication adjudication =
        reviews.adjudicate(id, caller.getPrincipal().getName(), request.choice(), request.rationale());
    return Response.created(uri.getBaseUriBuilder().path("api/v1/reviews/{id}").build(id))
        .entity(AdjudicationView.of(adjudication))
        .build();
  }
}
