package dev.assay.guardrail.rollout.api;

import dev.assay.guardrail.rollout.RolloutService;
import dev.assay.guardrail.rollout.ShadowReports;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Staged rollouts of a model or policy version: shadow and canary. */
@Path("/api/v1/rollouts")
@Tag(name = "rollouts")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolloutResource {
  private final RolloutService rollouts;
  private final ShadowReports shadows;
  private final SecurityIdentity caller;

  public RolloutResource(RolloutService rollouts, ShadowReports shadows, SecurityIdentity caller) {
    this.rollouts = rollouts;
    this.shadows = shadows;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Every rollout, newest first")
  @APIResponse(responseCode = "200", description = "The rollouts")
  public List<RolloutView> list() {
    return rollouts.list().stream().map(RolloutView::of).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One rollout: its candidate, mode, share, routing and state")
  @APIResponse(responseCode = "200", description = "The rollout")
  @APIResponse(responseCode = "404", description = "No such rollout")
  public RolloutView get(@PathParam("id") long id) {
    return RolloutView.of(rollouts.get(id));
  }

  @POST
  @Operation(summary = "Start a shadow or canary rollout of a model or a policy version on a policy")
  @APIResponse(responseCode = "201", description = "Started and routed; Location points to it")
  @APIResponse(responseCode = "409", description = "The policy already has a running rollout")
  @APIResponse(responseCode = "422", description = "A field is missing or wrong (an unknown policy or candidate, a"
      + " model the policy does not use, a share outside 0-100); the problem names it")
  public Response start(@NotNull RolloutRequest request, UriInfo uri) {
    RolloutView started = RolloutView.of(rollouts.start(request.toDraft(), user()));
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(started.id())).build())
        .entity(started).build();
  }

  @POST
  @Path("/{id}/promote")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "Make the candidate production through its promotion (the registry's gate or the"
      + " policy's gating suites) and end the rollout as promoted")
  @APIResponse(responseCode = "200", description = "Promoted")
  @APIResponse(responseCode = "404", description = "No such rollout")
  @APIResponse(responseCode = "409", description = "The rollout is not running, or the promotion refused the"
      + " candidate (with the gate's report; the rollout keeps running)")
  public RolloutView promote(@PathParam("id") long id) {
    return RolloutView.of(rollouts.promote(id, user()));
  }

  @POST
  @Path("/{id}/rollback")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "End the rollout as rolled back: production serves all traffic again")
  @APIResponse(responseCode = "200", description = "Rolled back")
  @APIResponse(responseCode = "404", description = "No such rollout")
  @APIResponse(responseCode = "409", description = "The rollout is not running")
  public RolloutView rollback(@PathParam("id") long id) {
    return RolloutView.of(rollouts.rollback(id, user()));
  }

  @POST
  @Path("/{id}/stop")
  @Consumes(MediaType.WILDCARD) // no body
  @Operation(summary = "End the rollout without a verdict: production serves all traffic, nothing is promoted")
  @APIResponse(responseCode = "200", description = "Stopped")
  @APIResponse(responseCode = "404", description = "No such rollout")
  @APIResponse(responseCode = "409", description = "The rollout is not running")
  public RolloutView stop(@PathParam("id") long id) {
    return RolloutView.of(rollouts.stop(id, user()));
  }

  @GET
  @Path("/{id}/shadow")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "A shadow's agreement with production: requests compared, the share decided alike, the"
      + " pairs of decisions, and requests dropped when its queue was full")
  @APIResponse(responseCode = "200", description = "The agreement")
  @APIResponse(responseCode = "404", description = "No such rollout")
  public ShadowReports.Agreement shadow(@PathParam("id") long id) {
    return shadows.agreement(id);
  }

  @GET
  @Path("/{id}/shadow/disagreements")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "The requests a shadow decided differently from production, newest first, with both"
      + " decisions, scores, models and reasons, and production's trace id")
  @APIResponse(responseCode = "200", description = "One page of disagreements")
  @APIResponse(responseCode = "404", description = "No such rollout")
  @APIResponse(responseCode = "422", description = "page or size out of range")
  public ShadowReports.DisagreementPage disagreements(@PathParam("id") long id,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
    return shadows.disagreements(id, page, size);
  }

  private String user() {
    return caller.getPrincipal().getName();
  }
}
