package dev.assay.labeling.moderation.api;

import dev.assay.labeling.moderation.ModerationExport;
import dev.assay.platform.download.SpooledDownloads;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.identity.Roles;
import dev.assay.store.export.api.ExportDownloads;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A moderation-review campaign's verdicts as classifier training data, for whoever exports datasets. */
@Path("/api/v1/campaigns/{id}/moderation-export")
@Tag(name = "campaigns")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
public class ModerationExportResource {
  private final ModerationExport export;
  private final SpooledDownloads downloads;

  public ModerationExportResource(ModerationExport export, SpooledDownloads downloads) {
    this.export = export;
    this.downloads = downloads;
  }

  @GET
  @Produces({ExportDownloads.JSONL, ExportDownloads.CSV, MediaType.APPLICATION_JSON})
  @Operation(summary = "Download the reviewed escalations as text,label,group rows (label safe or unsafe) that"
      + " `assay train --kind classifier` reads; texts without a verdict yet are left out")
  @APIResponse(responseCode = "200", description = "The file, as an attachment (format csv or jsonl, default jsonl)")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The campaign is not a moderation-review campaign")
  @APIResponse(responseCode = "422", description = "Unknown format")
  public Response export(@PathParam("id") long campaignId, @QueryParam("format") String format) {
    ExportFormat chosen = ExportFormat.of(format);
    boolean csv = chosen == ExportFormat.CSV;
    return downloads.attachment("moderation-review-" + campaignId + "." + chosen.extension(),
        csv ? ExportDownloads.CSV + "; charset=UTF-8" : ExportDownloads.JSONL,
        out -> export.write(campaignId, chosen, out));
  }
}
