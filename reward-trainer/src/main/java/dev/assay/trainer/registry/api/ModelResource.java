package dev.assay.trainer.registry.api;

import dev.assay.platform.identity.Roles;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model registry. */
@Path("/api/v1/models")
@Tag(name = "models")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
  private final ModelRegistry registry;
  private final SecurityIdentity caller;

  public ModelResource(ModelRegistry registry, SecurityIdentity caller) {
    this.registry = registry;
    this.caller = caller;
  }

  public record ModelView(
      long id, String version, String kind, String stage, String featurizer, Long snapshotId, String snapshotHash,
      Long runId, Map<String, Object> config, Map<String, Object> report, double rewardMean, double rewardStd,
      Instant createdAt, Instant promotedAt) {
    static ModelView of(RegisteredModel m) {
      return new ModelView(m.id, m.version(), m.kind, m.stage.name(), m.featurizer, m.snapshotId, m.snapshotHash,
          m.runId, m.config, m.report, m.rewardMean, m.rewardStd, m.createdAt, m.promotedAt);
    }
  }

  @GET
  @Operation(summary = "List registered models, newest first")
  @APIResponse(responseCode = "200", description = "The models")
  public List<ModelView> list() {
    return registry.list().stream().map(ModelView::of).toList();
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
  @Path("/{id}/promote")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Promote a candidate to production through the safety regression gate")
  @APIResponse(responseCode = "200", description = "Promoted; the gate's report")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "409", description = "Not a candidate, or the gate failed")
  public GateReportView promote(@PathParam("id") long id) {
    return GateReportView.of(registry.promote(id, caller.getPrincipal().getName()));
  }
}
