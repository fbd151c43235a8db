package dev.assay.trainer.registry.api;

import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.registry.ClassifierUploads;
import dev.assay.trainer.registry.ModelComparisons;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The model registry. */
@Path("/api/v1/models")
@Tag(name = "models")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
  private final ModelRegistry registry;
  private final ModelComparisons comparisons;
  private final ClassifierUploads uploads;
  private final SecurityIdentity caller;

  public ModelResource(ModelRegistry registry, ModelComparisons comparisons, ClassifierUploads uploads,
      SecurityIdentity caller) {
    this.registry = registry;
    this.comparisons = comparisons;
    this.uploads = uploads;
    this.caller = caller;
  }

  public record ModelView(
      long id, String version, String kind, String stage, String featurizer, Long snapshotId, String snapshotHash,
      Long runId, Map<String, Object> config, Map<String, Object> report, double rewardMean, double rewardStd,
      Instant createdAt, Instant promotedAt, Instant rolledBackAt) {
    static ModelView of(RegisteredModel m) {
      return new ModelView(m.id, m.version(), m.kind, m.stage.name(), m.featurizer, m.snapshotId, m.snapshotHash,
          m.runId, m.config, m.report, m.rewardMean, m.rewardStd, m.createdAt, m.promotedAt, m.rolledBackAt);
    }
  }

  @GET
  @Operation(summary = "List registered models, newest first")
  @APIResponse(responseCode = "200", description = "The models")
  public List<ModelView> list() {
    return registry.list().stream().map(ModelView::of).toList();
  }

  @GET
  @Path("/compare")
  @Operation(summary = "Two or more models side by side: headline metrics with 95% intervals, stage and promotion"
      + " history, and for reward and preference models the reliability diagram, length bias and per-source accuracy"
      + " measured on each model's snapshot test split (once, then stored)")
  @APIResponse(responseCode = "200", description = "The models, in the order given")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "422", description = "ids is not a comma-separated list of 2 to 8 distinct model ids")
  public ModelComparisons.Comparison compare(
      @Parameter(description = "model ids separated by commas, e.g. 3,5") @QueryParam("ids") String ids) {
    return comparisons.compare(parseIds(ids));
  }

  private static List<Long> parseIds(String ids) {
    if (ids == null || ids.isBlank()) {
      throw ProblemException.invalid("ids", "ids is required: model ids separated by commas");
    }
    try {
      return Arrays.stream(ids.split(",")).map(String::strip).map(Long::valueOf).toList();
    } catch (NumberFormatException e) {
      throw ProblemException.invalid("ids", "ids must be model ids separated by commas, but was \"" + ids + "\"");
    }
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A model with its configuration and evaluation report")
  @APIResponse(responseCode = "200", description = "The model")
  @APIResponse(responseCode = "404", description = "No such model")
  public ModelView get(@PathParam("id") long id) {
    return ModelView.of(registry.get(id));
  }

  @POST
  @Path("/classifiers")
  // Any type matches, so that security answers 401/403 before a wrong body type does; a body that is not a
  // form has no "model" part and is refused naming it.
  @Consumes({MediaType.MULTIPART_FORM_DATA, MediaType.WILDCARD})
  @Operation(summary = "Register a trained classifier as a candidate: its directory as a zip archive (part"
      + " \"model\"), its registry name (part \"name\") and optionally labelled examples for its promotion gate"
      + " (part \"evaluation\", CSV or JSON lines in the model's columns)")
  @APIResponse(responseCode = "201", description = "Registered; the model at Location")
  @APIResponse(responseCode = "413", description = "The upload is over assay.http.max-model-upload-size")
  @APIResponse(responseCode = "422", description = "A bad name, archive or evaluation file; the problem names the part")
  public Response registerClassifier(
      @RestForm String name,
      @RestForm("model") FileUpload model,
      @RestForm("evaluation") FileUpload evaluation,
      @Context UriInfo uri) {
    long id = uploads.register(name, model == null ? null : model.uploadedFile(),
        evaluation == null ? null : evaluation.uploadedFile(), evaluation == null ? null : evaluation.fileName());
    return Response.created(uri.getBaseUriBuilder().path("api/v1/models").path(String.valueOf(id)).build())
        .entity(ModelView.of(registry.get(id)))
        .build();
  }

  @POST
  @Path("/{id}/promote")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Promote a candidate to production through the safety regression gate")
  @APIResponse(responseCode = "200", description = "Promoted; the gate's report")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "409", description = "Not a candidate, or the gate refused it: no evaluation data, an"
      + " absolute minimum missed, a regression beyond tolerance and sampling noise, or a failing gating suite; the"
      + " problem's member \"gate\" is the gate's report")
  public GateReportView promote(@PathParam("id") long id) {
    return GateReportView.of(registry.promote(id, caller.getPrincipal().getName()));
  }

  /** A rollback's outcome: the model taken out of production and the one serving again. */
  public record RollbackView(ModelView from, ModelView to) {
    static RollbackView of(ModelRegistry.Rollback rollback) {
      return new RollbackView(ModelView.of(rollback.from()), ModelView.of(rollback.to()));
    }
  }

  @POST
  @Path("/kinds/{kind}/rollback")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Bring back the previous production model of a reward model kind (REWARD or PREFERENCE)")
  @APIResponse(responseCode = "200", description = "Rolled back; scorers swap the restored model in")
  @APIResponse(responseCode = "409", description = "Nothing in production, or nothing in production before it")
  @APIResponse(responseCode = "422", description = "Not a model kind")
  public RollbackView rollbackKind(@PathParam("kind") String kind) {
    if ("classifier".equalsIgnoreCase(kind)) {
      throw ProblemException.invalid("kind", "classifiers are rolled back by name:"
          + " POST /api/v1/models/classifiers/{name}/rollback");
    }
    return RollbackView.of(registry.rollback(kind, null, caller.getPrincipal().getName()));
  }

  @POST
  @Path("/classifiers/{name}/rollback")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Bring back the previous production classifier of a name")
  @APIResponse(responseCode = "200", description = "Rolled back; replicas swap the restored classifier in")
  @APIResponse(responseCode = "409", description = "Nothing in production, or nothing in production before it")
  public RollbackView rollbackClassifier(@PathParam("name") String name) {
    return RollbackView.of(registry.rollback("CLASSIFIER", name, caller.getPrincipal().getName()));
  }
}
