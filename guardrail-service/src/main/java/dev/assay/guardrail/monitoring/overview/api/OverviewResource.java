package dev.assay.guardrail.monitoring.overview.api;

import static dev.assay.platform.problem.api.QueryParameters.duration;
import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.guardrail.monitoring.overview.Overview;
import dev.assay.guardrail.monitoring.overview.SafetyOverview;
import dev.assay.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The safety dashboard's figures for API users: what the guardrail decided over a time range. */
@Path("/api/v1/monitoring/overview")
@Tag(name = "monitoring")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
public class OverviewResource {
  private final SafetyOverview overview;

  public OverviewResource(SafetyOverview overview) {
    this.overview = overview;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Decision rates per bucket, policy and action, top triggered checks, noisy callers, score"
      + " histograms with PSI and KS against the preceding range, OOD shares and held shares per cohort; from/to"
      + " ISO-8601 (default: the last day), bucket ISO-8601 duration (default: a 24th of the range), policy"
      + " (default: all)")
  @APIResponse(responseCode = "200", description = "The overview of the range")
  @APIResponse(responseCode = "422", description = "from, to or bucket is malformed, or the range is empty")
  public Overview overview(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("bucket") String bucket, @QueryParam("policy") String policy) {
    return overview.overview(instant("from", from), instant("to", to), duration("bucket", bucket),
        policy == null || policy.isBlank() ? null : policy);
  }
}
