package dev.assay.guardrail.suite.run.api;

import dev.assay.guardrail.suite.run.RunComparison;
import dev.assay.guardrail.suite.run.SuiteRunService;
import dev.assay.guardrail.suite.run.SuiteRunService.OutcomePage;
import dev.assay.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Stored suite runs: their metrics, per-probe outcomes and comparisons. */
@Path("/api/v1/suite-runs")
@Tag(name = "suites")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
public class SuiteRunsResource {
  private final SuiteRunService runs;

  public SuiteRunsResource(SuiteRunService runs) {
    this.runs = runs;
  }

  @GET
  @Operation(summary = "The runs of a suite (every version), newest first")
  @APIResponse(responseCode = "200", description = "The runs")
  @APIResponse(responseCode = "422", description = "No suite named")
  public List<RunView> list(@QueryParam("suite") String suite) {
    return runs.list(suite).stream().map(RunView::of).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One run with its metrics")
  @APIResponse(responseCode = "200", description = "The run")
  @APIResponse(responseCode = "404", description = "No such run")
  public RunView get(@PathParam("id") long id) {
    return RunView.of(runs.get(id));
  }

  @GET
  @Path("/{id}/outcomes")
  @Operation(summary = "A page of a run's per-probe outcomes with their probes, in suite order; failed=true keeps"
      + " only the probes the policy got wrong")
  @APIResponse(responseCode = "200", description = "The page; total counts what the filter keeps")
  @APIResponse(responseCode = "404", description = "No such run")
  @APIResponse(responseCode = "422", description = "page below 0, or size outside 1..1000")
  public OutcomePage outcomes(@PathParam("id") long id, @QueryParam("failed") @DefaultValue("false") boolean failed,
      @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
    return runs.outcomes(id, failed, page, size);
  }

  @GET
  @Path("/{id}/comparison")
  @Operation(summary = "A run against another (with=ID), by default against the previous run of the same suite"
      + " against the same kind of target: probes newly failing, fixed and still failing, and metric deltas")
  @APIResponse(responseCode = "200", description = "The comparison")
  @APIResponse(responseCode = "404", description = "No such run, or no earlier run to compare with")
  public RunComparison comparison(@PathParam("id") long id, @QueryParam("with") Long with) {
    return runs.compare(id, with);
  }
}
