package dev.assay.guardrail.suite.catalogue.api;

import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import dev.assay.guardrail.suite.catalogue.FieldFindings;
import dev.assay.platform.download.SpooledDownloads;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The failure catalogue: every failing probe of every suite run, searched, grouped and exported; and findings
 * from the field (a rater's unsafe flag, an escalated decision) added to a suite as new probes.
 */
@Path("/api/v1/failures")
@Tag(name = "suites")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
public class FailureResource {
  private final FailureCatalogue catalogue;
  private final FieldFindings findings;
  private final SpooledDownloads downloads;
  private final SecurityIdentity caller;

  public FailureResource(FailureCatalogue catalogue, FieldFindings findings, SpooledDownloads downloads,
      SecurityIdentity caller) {
    this.catalogue = catalogue;
    this.findings = findings;
    this.downloads = downloads;
    this.caller = caller;
  }

  /** The filters every read takes, as query parameters. */
  public static class FilterParams {
    @QueryParam("suite") String suite;
    @QueryParam("kind") String kind;
    @QueryParam("category") String category;
    @QueryParam("template") String template;
    @QueryParam("mutation") String mutation;
    @QueryParam("policy") String policy;
    @QueryParam("modelId") Long modelId;
    @QueryParam("runId") Long runId;
    @QueryParam("q") String text;
    @QueryParam("from") String from;
    @QueryParam("to") String to;

    FailureCatalogue.Filter filter() {
      return new FailureCatalogue.Filter(suite, kind, category, template, mutation, policy, modelId, runId, text,
          instant("from", from), instant("to", to));
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Failing probes of suite runs, newest run first; filters: suite, kind, category, template,"
      + " mutation, policy, modelId, runId, from, to (ISO-8601, on the run's time) and q (text in the prompt or response)")
  @APIResponse(responseCode = "200", description = "One page and the total matching")
  @APIResponse(responseCode = "422", description = "A filter or the paging is malformed")
  public FailureCatalogue.Page search(@BeanParam FilterParams filter,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
    return catalogue.search(filter.filter(), page, size);
  }

  @GET
  @Path("/groups")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "How many failures each suite, kind, category, template, mutation, policy or model has"
      + " (parameter by), most first, with the same filters as the search")
  @APIResponse(responseCode = "200", description = "One page of groups and how many groups there are")
  @APIResponse(responseCode = "422", description = "An unknown dimension, or a malformed filter or paging")
  public FailureCatalogue.Groups groups(@QueryParam("by") @DefaultValue("category") String by,
      @BeanParam FilterParams filter,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
    return catalogue.group(FailureCatalogue.GroupBy.of(by), filter.filter(), page, size);
  }

  @GET
  @Path("/export")
  @Produces("application/x-ndjson")
  @Operation(summary = "Stream every matching failure as JSON lines, oldest run first")
  @APIResponse(responseCode = "200", description = "One failure per line")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public Response export(@BeanParam FilterParams filter) {
    FailureCatalogue.Filter checked = filter.filter();
    return downloads.attachment("failures.jsonl", "application/x-ndjson", out -> catalogue.export(checked, out));
  }

  /** A judgement whose unsafe flag becomes a probe. */
  public record FlagRequest(Long preferenceId, String response, String suite) {}

  @POST
  @Path("/flags")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add the response a rater flagged unsafe to a custom suite (field-findings unless suite names"
      + " another) as an output probe expected to be blocked; response (a or b) defaults to the one the rater did not prefer")
  @APIResponse(responseCode = "201", description = "Added; the new suite version at Location")
  @APIResponse(responseCode = "404", description = "No such judgement")
  @APIResponse(responseCode = "409", description = "The suite holds this finding already")
  @APIResponse(responseCode = "422", description = "preferenceId is missing, the judgement carries no unsafe flag, or"
      + " response is missing or not a or b")
  public Response addFlag(@NotNull FlagRequest request, @Context UriInfo uri) {
    if (request.preferenceId() == null) {
      throw ProblemException.invalid("preferenceId", "preferenceId (the flagged judgement) is required");
    }
    return created(findings.addFlaggedJudgement(request.preferenceId(), request.response(), request.suite(), user()), uri);
  }

  /** An escalated decision that becomes a probe. */
  public record EscalationRequest(String traceId, String expected, String suite) {}

  @POST
  @Path("/escalations")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add an escalated guardrail decision (by trace id) to a custom suite (field-findings unless"
      + " suite names another) as a probe on the stage that escalated; expected is block (default) or allow")
  @APIResponse(responseCode = "201", description = "Added; the new suite version at Location")
  @APIResponse(responseCode = "404", description = "No decision has this trace id")
  @APIResponse(responseCode = "409", description = "The suite holds this finding already, or the decision's texts were"
      + " kept nowhere")
  @APIResponse(responseCode = "422", description = "traceId is missing, the decision was not escalated, or expected is"
      + " not allow or block")
  public Response addEscalation(@NotNull EscalationRequest request, @Context UriInfo uri) {
    if (request.traceId() == null || request.traceId().isBlank()) {
      throw ProblemException.invalid("traceId", "traceId (the escalated decision) is required");
    }
    UUID traceId;
    try {
      traceId = UUID.fromString(request.traceId());
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("guardrail decision", request.traceId());
    }
    return created(findings.addEscalation(traceId, request.expected(), request.suite(), user()), uri);
  }

  private Response created(FieldFindings.Added added, UriInfo uri) {
    return Response.created(uri.getBaseUriBuilder().path("api/v1/suites").path(added.suite().name())
            .path("versions").path(String.valueOf(added.suite().version())).build())
        .entity(FindingView.of(added))
        .build();
  }

  private String user() {
    return caller.getPrincipal().getName();
  }
}
