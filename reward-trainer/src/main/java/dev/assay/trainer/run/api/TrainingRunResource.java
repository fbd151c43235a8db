package dev.assay.trainer.run.api;

import dev.assay.platform.identity.Roles;
import dev.assay.trainer.run.RunEvent;
import dev.assay.trainer.run.RunEvents;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.trainer.run.TrainingRunService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Training runs: launch, list, inspect, cancel, and follow live. */
@Path("/api/v1/training-runs")
@Tag(name = "training")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrainingRunResource {
  private final TrainingRunService runs;
  private final RunEvents events;
  private final SecurityIdentity caller;

  public TrainingRunResource(TrainingRunService runs, RunEvents events, SecurityIdentity caller) {
    this.runs = runs;
    this.events = events;
    this.caller = caller;
  }

  public record RunView(
      long id, long snapshotId, String state, Map<String, Object> config, int epochsDone,
      Map<String, Object> progress, int attempts, String worker, String error, Long modelId, String createdBy,
      Instant createdAt, Instant startedAt, Instant finishedAt) {
    static RunView of(TrainingRun run) {
      return new RunView(run.id, run.snapshotId, run.state.name(), run.config, run.epochsDone, run.progress,
          run.attempts, run.worker, run.error, run.modelId, run.createdBy, run.createdAt, run.startedAt,
          run.finishedAt);
    }
  }

  public record RunDetail(RunView run, List<EpochLogView> epochs) {}

  @POST
  @Operation(summary = "Queue a training run on a snapshot")
  @APIResponse(responseCode = "201", description = "Queued; follow it at Location")
  @APIResponse(responseCode = "404", description = "No such snapshot")
  @APIResponse(responseCode = "422", description = "The configuration is invalid")
  public Response create(@Valid @NotNull TrainingRunRequest request, UriInfo uri) {
    TrainingRun run = runs.create(request.toRunRequest(), caller.getPrincipal().getName());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(run.id)).build())
        .entity(RunView.of(run))
        .build();
  }

  @GET
  @Operation(summary = "List training runs, newest first")
  @APIResponse(responseCode = "200", description = "The runs")
  public List<RunView> list() {
    return runs.list().stream().map(RunView::of).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A run with the metrics of every epoch")
  @APIResponse(responseCode = "200", description = "The run")
  @APIResponse(responseCode = "404", description = "No such run")
  public RunDetail get(@PathParam("id") long id) {
    return new RunDetail(RunView.of(runs.get(id)), runs.epochs(id).stream().map(EpochLogView::of).toList());
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(summary = "Cancel a queued or running run")
  @APIResponse(responseCode = "200", description = "The run, cancelled unless it had finished")
  @APIResponse(responseCode = "403", description = "The run is another researcher's (admins may cancel any)")
  @APIResponse(responseCode = "404", description = "No such run")
  public RunView cancel(@PathParam("id") long id) {
    return RunView.of(runs.cancel(id, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN)));
  }

  @GET
  @Path("/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Live progress as server-sent events until the run finishes: `state` (the run: state, worker,"
      + " attempts, error, model), `epoch` (each epoch's metrics, in order: loss, accuracy, margin, eval_loss,"
      + " eval_accuracy, ...) and `progress` (the latest step with its ETA); the last event is the final `state`")
  @APIResponse(responseCode = "200", description = "A stream of state, epoch and progress events")
  @APIResponse(responseCode = "404", description = "No such run")
  // The 404 lookup runs a transaction, which may not start on the event loop; the stream reads on workers.
  @Blocking
  public Multi<OutboundSseEvent> events(@PathParam("id") long id, @Context Sse sse) {
    runs.get(id);
    return events.follow(id).map(event -> switch (event) {
      case RunEvent.StateChanged changed -> sseEvent(sse, "state", RunView.of(changed.run()));
      case RunEvent.EpochLogged logged -> sseEvent(sse, "epoch", EpochLogView.of(logged.log()));
      case RunEvent.StepProgressed step -> sseEvent(sse, "progress", step.progress());
    });
  }

  private static OutboundSseEvent sseEvent(Sse sse, String name, Object data) {
    return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
  }
}
