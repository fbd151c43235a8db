package dev.assay.store.snapshot;

import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Immutable training snapshots. */
@Path("/api/v1/snapshots")
@Tag(name = "snapshots")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SnapshotResource {
  private final SnapshotService snapshots;
  private final SecurityIdentity caller;

  public SnapshotResource(SnapshotService snapshots, SecurityIdentity caller) {
    this.snapshots = snapshots;
    this.caller = caller;
  }

  public record CreateSnapshot(@NotBlank String name, @NotNull @Valid SnapshotFilter filter) {}

  @POST
  @Operation(summary = "Freeze a filtered, split view of the store")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "422", description = "The filter is invalid or matches nothing")
  public Response create(@Valid @NotNull CreateSnapshot request, UriInfo uri) {
    SnapshotService.SnapshotSummary created =
        snapshots.create(request.name(), request.filter(), caller.getPrincipal().getName());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A snapshot: its content hash and split counts")
  @APIResponse(responseCode = "200", description = "The snapshot")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  public SnapshotService.SnapshotSummary get(@PathParam("id") long id) {
    return snapshots.get(id);
  }
}
