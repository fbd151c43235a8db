package dev.assay.guardrail.incident.api;

import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentMarkdown;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.guardrail.incident.Mitigations;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Incidents, their timelines and post-mortems, and the mitigations taken from them. Admins act; researchers read. */
@Path("/api/v1/incidents")
@Tag(name = "incidents")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {
  private static final String MITIGATED = "The action taken, as appended to the timeline";
  private static final String NOT_MITIGATED = "The incident is resolved, or the action itself refused (nothing to"
      + " roll back to, a gating suite failed, the version is already served)";

  private final IncidentService incidents;
  private final Mitigations mitigations;
  private final SecurityIdentity caller;

  public IncidentResource(IncidentService incidents, Mitigations mitigations, SecurityIdentity caller) {
    this.incidents = incidents;
    this.mitigations = mitigations;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Incidents, newest first; status: open, mitigated, resolved or unresolved (open and mitigated)")
  @APIResponse(responseCode = "200", description = "The incidents, without their timelines")
  @APIResponse(responseCode = "422", description = "Unknown status")
  public List<IncidentView> list(@QueryParam("status") String status) {
    return incidents.list(status).stream().map(IncidentView::of).toList();
  }

  @POST
  @Operation(summary = "Open an incident from an alert (alertId) or by hand (title, severity, owner, links)")
  @APIResponse(responseCode = "201", description = "Opened (or, for an alert an unresolved incident already"
      + " follows, that incident); Location points to it")
  @APIResponse(responseCode = "422", description = "A field is missing or malformed, or the alert is unknown; the"
      + " problem names the field")
  public Response open(@NotNull IncidentRequest request) {
    String user = caller.getPrincipal().getName();
    Incident incident = request.alertId() != null
        ? incidents.openFromAlert(request.alertId(), request.owner(), user)
        : incidents.open(new IncidentService.Draft(request.title(), request.severity(), request.owner(),
            request.links()), user);
    return Response.created(URI.create("/api/v1/incidents/" + incident.id())).entity(IncidentView.of(incident)).build();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One incident and its timeline: alerts, sampled decisions, actions, status changes, notes")
  @APIResponse(responseCode = "200", description = "The incident and its timeline, oldest event first")
  @APIResponse(responseCode = "404", description = "No such incident")
  public IncidentDetailView get(@PathParam("id") long id) {
    return IncidentDetailView.of(incidents.get(id), incidents.timeline(id));
  }

  @GET
  @Path("/{id}/markdown")
  @Produces("text/markdown")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "The incident as a markdown document: linked versions, timeline and post-mortem")
  @APIResponse(responseCode = "200", description = "The document, as an attachment")
  @APIResponse(responseCode = "404", description = "No such incident")
  public Response markdown(@PathParam("id") long id) {
    String markdown = IncidentMarkdown.render(incidents.get(id), incidents.timeline(id));
    return Response.ok(markdown, "text/markdown; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"incident-" + id + ".md\"").build();
  }

  @GET
  @Path("/{id}/events/{eventId}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One event of an incident's timeline")
  @APIResponse(responseCode = "200", description = "The event")
  @APIResponse(responseCode = "404", description = "No such incident or event")
  public EventView event(@PathParam("id") long id, @PathParam("eventId") long eventId) {
    return EventView.of(incidents.event(id, eventId));
  }

  @PUT
  @Path("/{id}/status")
  @Operation(summary = "Move the incident: open -> mitigated -> resolved (open -> resolved, mitigated -> open)")
  @APIResponse(responseCode = "200", description = "The incident in its new status")
  @APIResponse(responseCode = "404", description = "No such incident")
  @APIResponse(responseCode = "409", description = "The move is not allowed from the current status")
  @APIResponse(responseCode = "422", description = "status is missing or unknown")
  public IncidentView status(@PathParam("id") long id, @NotNull IncidentChange change) {
    return IncidentView.of(incidents.changeStatus(id, change.status(), caller.getPrincipal().getName()));
  }

  @PUT
  @Path("/{id}/owner")
  @Operation(summary = "Hand the incident to an owner (null or empty: nobody)")
  @APIResponse(responseCode = "200", description = "The incident")
  @APIResponse(responseCode = "404", description = "No such incident")
  public IncidentView owner(@PathParam("id") long id, @NotNull IncidentChange change) {
    return IncidentView.of(incidents.assign(id, change.owner(), caller.getPrincipal().getName()));
  }

  @PUT
  @Path("/{id}/postmortem")
  @Operation(summary = "Write the post-mortem (markdown; empty clears it)")
  @APIResponse(responseCode = "200", description = "The incident with its post-mortem")
  @APIResponse(responseCode = "404", description = "No such incident")
  @APIResponse(responseCode = "422", description = "markdown is missing")
  public IncidentView postmortem(@PathParam("id") long id, @NotNull IncidentChange change) {
    return IncidentView.of(incidents.writePostmortem(id, change.markdown(), caller.getPrincipal().getName()));
  }

  @POST
  @Path("/{id}/notes")
  @Operation(summary = "Add a note to the timeline")
  @APIResponse(responseCode = "201", description = "Added; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident")
  @APIResponse(responseCode = "422", description = "text is missing")
  public Response note(@PathParam("id") long id, @NotNull IncidentChange change) {
    return created(incidents.note(id, change.text(), caller.getPrincipal().getName()));
  }

  @POST
  @Path("/{id}/mitigations/model-rollback")
  @Operation(summary = "Roll back the model: kind REWARD or PREFERENCE, or CLASSIFIER with its name (classifier)")
  @APIResponse(responseCode = "201", description = MITIGATED + "; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident")
  @APIResponse(responseCode = "409", description = NOT_MITIGATED)
  @APIResponse(responseCode = "422", description = "kind or classifier is missing or unknown")
  public Response rollBackModel(@PathParam("id") long id, @NotNull MitigationRequest request) {
    return created(mitigations.rollBackModel(id, request.kind(), request.classifier(), user()));
  }

  @POST
  @Path("/{id}/mitigations/policy-rollback")
  @Operation(summary = "Roll back a policy to the version served before")
  @APIResponse(responseCode = "201", description = MITIGATED + "; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident or policy")
  @APIResponse(responseCode = "409", description = NOT_MITIGATED)
  @APIResponse(responseCode = "422", description = "policy is missing")
  public Response rollBackPolicy(@PathParam("id") long id, @NotNull MitigationRequest request) {
    return created(mitigations.rollBackPolicy(id, request.policy(), user()));
  }

  @POST
  @Path("/{id}/mitigations/policy-promotion")
  @Operation(summary = "Switch a policy to a chosen existing (stricter) version, through its gating suites")
  @APIResponse(responseCode = "201", description = MITIGATED + "; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident, policy or version")
  @APIResponse(responseCode = "409", description = NOT_MITIGATED)
  @APIResponse(responseCode = "422", description = "policy or version is missing")
  public Response promotePolicy(@PathParam("id") long id, @NotNull MitigationRequest request) {
    return created(mitigations.promotePolicy(id, request.policy(), request.version(), user()));
  }

  @POST
  @Path("/{id}/mitigations/key-revocation")
  @Operation(summary = "Revoke an API key: its requests get 401 at once")
  @APIResponse(responseCode = "201", description = MITIGATED + "; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident or API key")
  @APIResponse(responseCode = "409", description = NOT_MITIGATED)
  @APIResponse(responseCode = "422", description = "keyId is missing")
  public Response revokeKey(@PathParam("id") long id, @NotNull MitigationRequest request) {
    return created(mitigations.revokeKey(id, request.keyId(), user()));
  }

  @POST
  @Path("/{id}/mitigations/key-rate-limit")
  @Operation(summary = "Hold an API key to its own rate limit on scoring and guardrail checks (429 with Retry-After"
      + " above it)")
  @APIResponse(responseCode = "201", description = MITIGATED + "; Location points to the event")
  @APIResponse(responseCode = "404", description = "No such incident or API key")
  @APIResponse(responseCode = "409", description = NOT_MITIGATED)
  @APIResponse(responseCode = "422", description = "keyId, requestsPerSecond or burst is missing or not positive")
  public Response rateLimitKey(@PathParam("id") long id, @NotNull MitigationRequest request) {
    if (request.requestsPerSecond() == null) {
      throw ProblemException.invalid("requestsPerSecond", "requestsPerSecond is required");
    }
    if (request.burst() == null) {
      throw ProblemException.invalid("burst", "burst is required");
    }
    return created(mitigations.rateLimitKey(id, request.keyId(), request.requestsPerSecond(), request.burst(), user()));
  }

  private String user() {
    return caller.getPrincipal().getName();
  }

  private static Response created(Incident.Event event) {
    return Response.created(URI.create("/api/v1/incidents/" + event.incidentId() + "/events/" + event.id()))
        .entity(EventView.of(event)).build();
  }
}
