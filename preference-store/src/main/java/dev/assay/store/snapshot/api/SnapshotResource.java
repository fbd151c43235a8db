package dev.assay.store.snapshot.api;

import dev.assay.platform.identity.Roles;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.export.api.ExportDownloads;
import dev.assay.store.export.ExportService;
import dev.assay.store.export.api.ExportSummaryView;
import dev.assay.store.snapshot.SnapshotService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
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
  private final ExportService exports;
  private final ExportDownloads downloads;
  private final SecurityIdentity caller;

  public SnapshotResource(
      SnapshotService snapshots, ExportService exports, ExportDownloads downloads, SecurityIdentity caller) {
    this.snapshots = snapshots;
    this.exports = exports;
    this.downloads = downloads;
    this.caller = caller;
  }

  public record CreateSnapshot(@NotBlank String name, @NotNull @Valid SnapshotFilterView filter) {}

  @POST
  @Operation(summary = "Freeze a filtered, split view of the store")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "422", description = "The filter is invalid or matches nothing")
  public Response create(@Valid @NotNull CreateSnapshot request, UriInfo uri) {
    SnapshotService.SnapshotSummary created =
        snapshots.create(request.name(), request.filter().toFilter(), caller.getPrincipal().getName());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(SnapshotView.of(created))
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A snapshot: its content hash and split counts")
  @APIResponse(responseCode = "200", description = "The snapshot")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  public SnapshotView get(@PathParam("id") long id) {
    return SnapshotView.of(snapshots.get(id));
  }

  @GET
  @Operation(summary = "Every snapshot, newest first")
  @APIResponse(responseCode = "200", description = "The snapshots")
  public List<SnapshotListView> list() {
    return snapshots.list().stream().map(SnapshotListView::of).toList();
  }

  @GET
  @Path("/{id}/lineage")
  @Operation(summary = "Where a snapshot's records came from: filter, datasets, campaigns, raters, counts")
  @APIResponse(responseCode = "200", description = "The lineage")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  public SnapshotLineageView lineage(@PathParam("id") long id) {
    return SnapshotLineageView.of(snapshots.lineage(id));
  }

  /**
   * The snapshot's records (all splits, or those named by {@code split}, repeatable). The count of
   * records the format cannot express is logged and returned by {@code GET /{id}/export/summary}, not
   * sent in a header.
   */
  @GET
  @Path("/{id}/export")
  @Produces({ExportDownloads.JSONL, ExportDownloads.CSV, MediaType.APPLICATION_JSON})
  @Operation(summary = "Download the snapshot (or some splits) in a format, streamed; skipped records are counted"
      + " by GET /snapshots/{id}/export/summary")
  @APIResponse(responseCode = "200", description = "The file, as an attachment")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  @APIResponse(responseCode = "422", description = "Unknown or import-only format, or unknown split")
  public Response export(
      @PathParam("id") long id, @QueryParam("format") String format, @QueryParam("split") List<String> splits) {
    DatasetFormat target = ExportService.writableFormat(format);
    List<String> wanted = ExportService.splits(splits);
    exports.requireSnapshot(id);
    String name = "snapshot-" + id + (wanted.isEmpty() ? "" : "-" + String.join("-", wanted));
    return downloads.attachment(name, target, out -> exports.exportSnapshot(id, wanted, target, out));
  }

  @GET
  @Path("/{id}/export/summary")
  @Operation(summary = "How many records a snapshot export in this format writes and skips, with the reasons")
  @APIResponse(responseCode = "200", description = "The counts")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  @APIResponse(responseCode = "422", description = "Unknown or import-only format, or unknown split")
  public ExportSummaryView exportSummary(
      @PathParam("id") long id, @QueryParam("format") String format, @QueryParam("split") List<String> splits) {
    return ExportSummaryView.of(
        exports.summarizeSnapshot(id, ExportService.splits(splits), ExportService.writableFormat(format)));
  }
}
