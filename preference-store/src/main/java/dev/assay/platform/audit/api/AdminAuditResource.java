package dev.assay.platform.audit.api;

import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.audit.AuditChains;
import dev.assay.platform.download.SpooledDownloads;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The admin audit log (who changed users, keys, gold answers, pools, runs, models, policies) and chains. */
@Path("/api/v1/admin/audit")
@Tag(name = "identity")
@RolesAllowed(Roles.ADMIN)
public class AdminAuditResource {
  private final AdminAudit audit;
  private final AuditChains chains;
  private final SpooledDownloads downloads;

  public AdminAuditResource(AdminAudit audit, AuditChains chains, SpooledDownloads downloads) {
    this.audit = audit;
    this.chains = chains;
    this.downloads = downloads;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Admin actions, newest first; filters: actor, action, target, from, to (ISO-8601)")
  @APIResponse(responseCode = "200", description = "One page and the total matching")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public AdminAuditPageView page(
      @QueryParam("actor") String actor, @QueryParam("action") String action, @QueryParam("target") String target,
      @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
    return AdminAuditPageView.of(audit.page(filter(actor, action, target, from, to), page, size));
  }

  @GET
  @Path("/export")
  @Produces({"text/csv", "application/x-ndjson"})
  @Operation(summary = "Stream every matching admin action, oldest first, as CSV or JSON lines")
  @APIResponse(responseCode = "200", description = "The rows")
  @APIResponse(responseCode = "422", description = "A filter or the format is malformed")
  public Response export(
      @QueryParam("format") @DefaultValue("jsonl") String format, @QueryParam("actor") String actor,
      @QueryParam("action") String action, @QueryParam("target") String target,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    ExportFormat chosen = ExportFormat.of(format);
    AdminAudit.Filter filter = filter(actor, action, target, from, to);
    return downloads.attachment("admin-audit", chosen, out -> audit.export(filter, chosen, out));
  }

  @GET
  @Path("/verify")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Verify the hash chain of every audit table; each report names the first broken row")
  @APIResponse(responseCode = "200", description = "One report per chain (intact or not)")
  public List<ChainView> verify() {
    return chains.verify().stream().map(ChainView::of).toList();
  }

  private static AdminAudit.Filter filter(String actor, String action, String target, String from, String to) {
    return new AdminAudit.Filter(actor, action, target, instant("from", from), instant("to", to));
  }
}
