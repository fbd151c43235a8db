package dev.assay.guardrail.suite.run.api;

import dev.assay.guardrail.suite.run.SuiteRunService;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Starting a run of a suite; the runs themselves are under {@code /api/v1/suite-runs}. */
@Path("/api/v1/suites")
@Tag(name = "suites")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SuiteRunResource {
  private final SuiteRunService runs;
  private final SecurityIdentity caller;

  public SuiteRunResource(SuiteRunService runs, SecurityIdentity caller) {
    this.runs = runs;
    this.caller = caller;
  }

  @POST
  @Path("/{name}/runs")
  @Operation(summary = "Run a suite against a stored policy and/or a registered reward model; answers when the run"
      + " is done and stored (suites up to assay.suite.run.max-probes probes)")
  @APIResponse(responseCode = "201", description = "The run with its metrics; Location points to it")
  @APIResponse(responseCode = "404", description = "No such suite, suite version, policy or model")
  @APIResponse(responseCode = "413", description = "The suite has more probes than a run over REST takes")
  @APIResponse(responseCode = "422", description = "No policy and no model, a classifier as the model, or a target"
      + " the suite cannot use (bias pairs need a model, decided probes a policy); the problem names the field")
  public Response run(@PathParam("name") String name, RunRequest request) {
    RunRequest body = request == null ? new RunRequest(null, null, null, null) : request;
    RunView run = RunView.of(runs.run(name, body.suiteVersion(), body.policy(), body.policyVersion(), body.modelId(),
        caller.getPrincipal().getName()));
    return Response.created(URI.create("/api/v1/suite-runs/" + run.id())).entity(run).build();
  }
}
