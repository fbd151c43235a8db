package dev.assay.guardrail.release.api;

import dev.assay.guardrail.release.ReleaseGateService;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Gating suites: what a promotion of a model or a policy version must pass. */
@Path("/api/v1/release-gates")
@Tag(name = "release gates")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReleaseGateResource {
  private final ReleaseGateService gates;
  private final SecurityIdentity caller;

  public ReleaseGateResource(ReleaseGateService gates, SecurityIdentity caller) {
    this.gates = gates;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Every gating suite, oldest first")
  @APIResponse(responseCode = "200", description = "The gates")
  public List<ReleaseGateView> list() {
    return gates.list().stream().map(ReleaseGateView::of).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One gating suite")
  @APIResponse(responseCode = "200", description = "The gate")
  @APIResponse(responseCode = "404", description = "No such gate")
  public ReleaseGateView get(@PathParam("id") long id) {
    return ReleaseGateView.of(gates.get(id));
  }

  @POST
  @Operation(summary = "Add a gating suite to a model kind, a classifier name or a policy")
  @APIResponse(responseCode = "201", description = "Added; Location points to it")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed; the problem names it")
  public Response create(@NotNull ReleaseGateRequest request, UriInfo uri) {
    ReleaseGateView created = ReleaseGateView.of(gates.create(request.toDraft(), caller.getPrincipal().getName()));
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created).build();
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Remove a gating suite")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "404", description = "No such gate")
  public void delete(@PathParam("id") long id) {
    gates.delete(id, caller.getPrincipal().getName());
  }
}
