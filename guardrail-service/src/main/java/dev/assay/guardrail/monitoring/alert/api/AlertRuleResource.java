package dev.assay.guardrail.monitoring.alert.api;

import dev.assay.guardrail.monitoring.alert.AlertRules;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** Alert rules: the drift, OOD and anomaly thresholds the monitoring evaluates every window against. */
@Path("/api/v1/monitoring/alert-rules")
@Tag(name = "monitoring")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlertRuleResource {
  private final AlertRules rules;
  private final SecurityIdentity caller;

  public AlertRuleResource(AlertRules rules, SecurityIdentity caller) {
    this.rules = rules;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Every alert rule, oldest first")
  @APIResponse(responseCode = "200", description = "The rules")
  public List<AlertRuleView> list() {
    return rules.list().stream().map(AlertRuleView::of).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One alert rule")
  @APIResponse(responseCode = "200", description = "The rule")
  @APIResponse(responseCode = "404", description = "No such rule")
  public AlertRuleView get(@PathParam("id") long id) {
    return AlertRuleView.of(rules.get(id));
  }

  @POST
  @Operation(summary = "Add an alert rule")
  @APIResponse(responseCode = "201", description = "Added; Location points to it")
  @APIResponse(responseCode = "409", description = "A rule of that name exists")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed; the problem names it")
  public Response create(@NotNull AlertRuleRequest request, UriInfo uri) {
    AlertRuleView created = AlertRuleView.of(rules.create(request.toDraft(), caller.getPrincipal().getName()));
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created).build();
  }

  @PUT
  @Path("/{id}")
  @Operation(summary = "Replace an alert rule's settings")
  @APIResponse(responseCode = "200", description = "The rule as it is now")
  @APIResponse(responseCode = "404", description = "No such rule")
  @APIResponse(responseCode = "409", description = "Another rule has that name")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed; the problem names it")
  public AlertRuleView update(@PathParam("id") long id, @NotNull AlertRuleRequest request) {
    return AlertRuleView.of(rules.update(id, request.toDraft(), caller.getPrincipal().getName()));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Remove an alert rule; its open alerts are resolved")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "404", description = "No such rule")
  public void delete(@PathParam("id") long id) {
    rules.delete(id, caller.getPrincipal().getName());
  }
}
