package dev.assay.store.dataset;

import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.format.DatasetFormat;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
  private final SecurityIdentity caller;

  public DatasetResource(ImportService imports, SecurityIdentity caller) {
    this.imports = imports;
    this.caller = caller;
  }

  public record DatasetView(long id, String name, String description, Instant createdAt, long records) {}

  public record ImportJobView(
      long id, long datasetId, String fileName, String format, String state, long read, long newRecords,
      long duplicates, long skipped, long rejected, Map<String, Object> error, Instant createdAt,
      Instant finishedAt) {
    static ImportJobView of(ImportJob job) {
      return new ImportJobView(job.id, job.datasetId, job.fileName, job.format, job.state.name(), job.recordsRead,
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
  @Path("/datasets")
  @Operation(summary = "List datasets with their record counts")
  @APIResponse(responseCode = "200", description = "The datasets")
  public List<DatasetView> datasets() {
    return imports.datasets();
  }

  private static DatasetFormat parseFormat(String name) {
    try {
      return DatasetFormat.fromName(name);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("format", e.getMessage());
    }
  }
}
