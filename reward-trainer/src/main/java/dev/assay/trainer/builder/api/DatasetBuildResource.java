package dev.assay.trainer.builder.api;

import dev.assay.platform.identity.Roles;
import dev.assay.trainer.builder.DatasetBuild;
import dev.assay.trainer.builder.DatasetBuilder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Instruction-tuning dataset builds (best-of-n SFT and DPO pairs). */
@Path("/api/v1/dataset-builds")
@Tag(name = "dataset builds")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class DatasetBuildResource {
  private final DatasetBuilder builder;
  private final SecurityIdentity caller;

  /** A build job as clients see it. */
  public record DatasetBuildView(
      long id, String state, String sourceDataset, String sftDataset, String dpoDataset, long modelId,
      String modelVersion, String policyName, Integer policyVersion, double margin, int promptsTotal,
      int promptsDone, String lastPromptHash, int sftRecords, int dpoPairs, int pairsBelowMargin,
      int responsesBlocked, int promptsAllBlocked, String error, String createdBy, Instant createdAt,
      Instant startedAt, Instant finishedAt) {
    static DatasetBuildView of(DatasetBuild b) {
      return new DatasetBuildView(b.id, b.state.name(), b.sourceDataset, b.sftDataset, b.dpoDataset, b.modelId,
          b.modelVersion, b.policyName, b.policyVersion, b.margin, b.promptsTotal, b.promptsDone, b.lastPromptHash,
          b.sftRecords, b.dpoPairs, b.pairsBelowMargin, b.responsesBlocked, b.promptsAllBlocked, b.error,
          b.createdBy, b.createdAt, b.startedAt, b.finishedAt);
    }
  }

  public DatasetBuildResource(DatasetBuilder builder, SecurityIdentity caller) {
    this.builder = builder;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Score a candidates dataset and build SFT (best-of-n) and DPO (best vs worst) datasets")
  @APIResponse(responseCode = "202", description = "Started; Location is the job")
  @APIResponse(responseCode = "404", description = "No such policy")
  @APIResponse(responseCode = "409", description = "An output dataset exists and append is not set")
  @APIResponse(responseCode = "422", description = "No dataset, no candidates in it, or a bad margin")
  @APIResponse(responseCode = "503", description = "No reward model is in production")
  public Response create(@NotNull DatasetBuildRequest request) {
    DatasetBuild build = builder.submit(request.toRequest(), caller.getPrincipal().getName());
    return Response.accepted(DatasetBuildView.of(build)).location(URI.create("/api/v1/dataset-builds/" + build.id)).build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A build's progress, counts, output datasets and lineage")
  @APIResponse(responseCode = "200", description = "The job")
  @APIResponse(responseCode = "404", description = "No such build")
  public DatasetBuildView get(@PathParam("id") long id) {
    return DatasetBuildView.of(builder.get(id));
  }

  @GET
  @Path("/{id}/sft.jsonl")
  @Produces("application/x-ndjson")
  @Operation(summary = "The SFT dataset as chat-messages JSON lines")
  @APIResponse(responseCode = "200", description = "One {\"messages\": [...]} object per prompt")
  @APIResponse(responseCode = "404", description = "No such build")
  public Response sft(@PathParam("id") long id) {
    builder.get(id);
    StreamingOutput body = out -> builder.writeSftMessages(id, out);
    return Response.ok(body).build();
  }
}
