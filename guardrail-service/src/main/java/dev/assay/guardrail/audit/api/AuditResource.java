package dev.assay.guardrail.audit.api;

import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.guardrail.audit.AuditQueries;
import dev.assay.platform.download.SpooledDownloads;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The guardrail audit log, for admins: one decision with its trace, filtered pages and streaming exports. */
@Path("/api/v1/guardrail/audit")
@Tag(name = "guardrail")
@RolesAllowed(Roles.ADMIN)
public class AuditResource {
  private final AuditQueries queries;
  private final SpooledDownloads downloads;

  public AuditResource(AuditQueries queries, SpooledDownloads downloads) {
    this.queries = queries;
    this.downloads = downloads;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Audited decisions, newest first; filters: policy, decision, caller, from, to (ISO-8601),"
      + " textHash (the SHA-256 of the prompt or the response, as the audit stores it)")
  @APIResponse(responseCode = "200", description = "One page and the total matching")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public AuditPageView page(
      @QueryParam("policy") String policy, @QueryParam("decision") String decision,
      @QueryParam("caller") String caller, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("textHash") String textHash, @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size) {
    return AuditPageView.of(queries.page(filter(policy, decision, caller, from, to, textHash), page, size));
  }

  @GET
  @Path("/{traceId}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One audited decision by its trace id, with its trace: every check that ran, its model"
      + " version, score, threshold, latency and verdict")
  @APIResponse(responseCode = "200", description = "The decision and its trace (null for a decision without checks)")
  @APIResponse(responseCode = "404", description = "No decision has this trace id")
  public Map<String, Object> decision(@PathParam("traceId") String traceId) {
    return traceId(traceId).flatMap(queries::byTrace)
        .orElseThrow(() -> ProblemException.notFound("guardrail decision", traceId));
  }

  @GET
  @Path("/export")
  @Produces({"text/csv", "application/x-ndjson"})
  @Operation(summary = "Stream every matching decision, oldest first, as CSV or JSON lines")
  @APIResponse(responseCode = "200", description = "The rows")
  @APIResponse(responseCode = "422", description = "A filter or the format is malformed")
  public Response export(
      @QueryParam("format") @DefaultValue("jsonl") String format, @QueryParam("policy") String policy,
      @QueryParam("decision") String decision, @QueryParam("caller") String caller,
      @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("textHash") String textHash) {
    ExportFormat chosen = ExportFormat.of(format);
    AuditQueries.Filter filter = filter(policy, decision, caller, from, to, textHash);
    return downloads.attachment("guardrail-audit", chosen, out -> queries.export(filter, chosen, out));
  }

  /** A malformed id names no decision: 404 like an unknown one. */
  private static Optional<UUID> traceId(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static AuditQueries.Filter filter(String policy, String decision, String caller, String from, String to,
      String textHash) {
    return new AuditQueries.Filter(policy, AuditQueries.decision(decision), caller, instant("from", from),
        instant("to", to), AuditQueries.textHash(textHash));
  }
}
