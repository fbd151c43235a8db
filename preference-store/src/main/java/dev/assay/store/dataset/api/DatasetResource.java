package dev.assay.store.dataset.api;

import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetRecords;
import dev.assay.store.dataset.ImportJob;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.export.api.ExportDownloads;
import dev.assay.store.export.ExportService;
import dev.assay.store.export.api.ExportSummaryView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Datasets and their imports. */
@Path("/api/v1")
@Tag(name = "datasets")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
  private final ImportService imports;
  private final DatasetRecords records;
  private final ExportService exports;
  private final ExportDownloads downloads;
  private final SecurityIdentity caller;

  public DatasetResource(ImportService imports, DatasetRecords records, ExportService exports,
      ExportDownloads downloads, SecurityIdentity caller) {
    this.imports = imports;
    this.records = records;
    this.exports = exports;
    this.downloads = downloads;
    this.caller = caller;
  }

  /** An import job; {@code datasetId} is set once the import has succeeded. */
  public record ImportJobView(
      long id, Long datasetId, String dataset, String fileName, String format, String state, long read, long newRecords,
      long duplicates, long skipped, long rejected, Map<String, Object> error, Instant createdAt,
      Instant finishedAt) {
    static ImportJobView of(ImportJob job) {
      return new ImportJobView(job.id, job.datasetId, job.datasetName, job.fileName, job.format, job.state.name(), job.recordsRead,
          job.recordsNew, job.duplicates, job.skipped, job.rejected, job.error, job.createdAt, job.finishedAt);
    }
  }

  @POST
  @Path("/datasets/{name}/imports")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Upload a file (streamed) and import it into the dataset in the background")
  @APIResponse(responseCode = "202", description = "Accepted; poll the import job at Location")
  @APIResponse(responseCode = "422", description = "Unknown format or missing file name")
  public Response upload(
      @PathParam("name") String dataset,
      @QueryParam("file") String fileName,
      @QueryParam("format") String format,
      @QueryParam("skipInvalid") boolean skipInvalid,
      InputStream body,
      UriInfo uri) {
    DatasetFormat forced = format == null || format.isBlank() ? null : parseFormat(format);
    ImportJob job = imports.submit(body, fileName, dataset, forced, skipInvalid, caller.getPrincipal().getName());
    return Response.accepted(ImportJobView.of(job))
        .location(uri.getBaseUriBuilder().path("api/v1/imports").path(String.valueOf(job.id)).build())
        .build();
  }

  @GET
  @Path("/imports/{id}")
  @Operation(summary = "An import job's progress and outcome")
  @APIResponse(responseCode = "200", description = "The job")
  @APIResponse(responseCode = "404", description = "No such job")
  public ImportJobView importJob(@PathParam("id") long id) {
    return ImportJobView.of(imports.job(id));
  }

  @GET
  @Path("/imports/{id}/rejects")
  @Produces(ExportDownloads.JSONL)
  @Operation(summary = "The records a skip-invalid import refused: one JSON line each with its line, field and"
      + " reason; kept for assay.import.rejects-retention after the job ended")
  @APIResponse(responseCode = "200", description = "The refused records")
  @APIResponse(responseCode = "404", description = "No such job, nothing refused, or past the retention")
  public Response rejects(@PathParam("id") long id) {
    return Response.ok(imports.rejects(id).toFile(), ExportDownloads.JSONL).build();
  }

  @GET
  @Path("/datasets")
  @Operation(summary = "List datasets with their record counts")
  @APIResponse(responseCode = "200", description = "The datasets")
  public List<DatasetView> datasets() {
    return imports.datasets().stream().map(DatasetView::of).toList();
  }

  @GET
  @Path("/datasets/{name}/records")
  @Operation(summary = "A page of the dataset's records in import order, optionally filtered by choice or generator")
  @APIResponse(responseCode = "200", description = "The page (total counts every matching record)")
  @APIResponse(responseCode = "404", description = "No such dataset")
  @APIResponse(responseCode = "422", description = "Invalid page, size (1-500) or choice")
  public RecordPageView records(
      @PathParam("name") String dataset,
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("size") @DefaultValue("50") int size,
      @QueryParam("choice") String choice,
      @QueryParam("generator") String generator) {
    return RecordPageView.of(records.page(dataset, page, size, choice, generator));
  }

  /**
   * The dataset in import order. How many records the format could not express is not in a header: it
   * is logged, and {@code GET .../export/summary} returns it.
   */
  @GET
  @Path("/datasets/{name}/export")
  @Produces({ExportDownloads.JSONL, ExportDownloads.CSV, MediaType.APPLICATION_JSON})
  @Operation(summary = "Download the dataset in a format (records the format cannot express are left out and"
      + " counted by GET /datasets/{name}/export/summary)")
  @APIResponse(responseCode = "200", description = "The file, as an attachment")
  @APIResponse(responseCode = "404", description = "No such dataset")
  @APIResponse(responseCode = "422", description = "Unknown or import-only format")
  public Response export(@PathParam("name") String dataset, @QueryParam("format") String format) {
    DatasetFormat target = ExportService.writableFormat(format);
    exports.datasetId(dataset);
    return downloads.attachment(dataset, target, out -> exports.exportDataset(dataset, target, out));
  }

  @GET
  @Path("/datasets/{name}/export/summary")
  @Operation(summary = "How many records an export in this format writes and skips, with the reasons")
  @APIResponse(responseCode = "200", description = "The counts")
  @APIResponse(responseCode = "404", description = "No such dataset")
  @APIResponse(responseCode = "422", description = "Unknown or import-only format")
  public ExportSummaryView exportSummary(@PathParam("name") String dataset, @QueryParam("format") String format) {
    return ExportSummaryView.of(exports.summarizeDataset(dataset, ExportService.writableFormat(format)));
  }

  private static DatasetFormat parseFormat(String name) {
    try {
      return DatasetFormat.fromName(name);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("format", e.getMessage());
    }
  }
}
