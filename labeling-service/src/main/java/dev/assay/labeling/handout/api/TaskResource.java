package dev.assay.labeling.handout.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.handout.HandoutService;
import dev.assay.labeling.handout.Judgement;
import dev.assay.labeling.handout.JudgementInput;
import dev.assay.labeling.handout.JudgementService;
import dev.assay.labeling.handout.Side;
import dev.assay.labeling.handout.Task;
import dev.assay.labeling.quality.QualityService;
import dev.assay.labeling.quality.api.RaterStatsView;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A rater's work: taking tasks, keeping the lease, giving tasks back, submitting judgements. */
@Path("/api/v1")
@Tag(name = "tasks")
@RolesAllowed(Roles.RATER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TaskResource {
  private final HandoutService handout;
  private final JudgementService judgements;
  private final CampaignService campaigns;
  private final QualityService quality;
  private final SecurityIdentity caller;
  private final HandoutThreads threads;

  public TaskResource(HandoutService handout, JudgementService judgements, CampaignService campaigns,
      QualityService quality, SecurityIdentity caller, HandoutThreads threads) {
    this.handout = handout;
    this.judgements = judgements;
    this.campaigns = campaigns;
    this.quality = quality;
    this.caller = caller;
    this.threads = threads;
  }

  /** A judgement as the rater saw the pair (see {@link JudgementInput}). */
  public record JudgementRequest(Side choice, Integer strength, Map<String, Side> criteria, List<String> flags,
      String rationale, Long timeSpentMs) {
    JudgementInput input() {
      return new JudgementInput(choice, strength, criteria, flags, rationale, timeSpentMs);
    }
  }

  public record SkipRequest(String reason) {}

  public record LeaseView(long assignmentId, Instant leaseExpiresAt) {}

  /**
   * A task as a rater sees it: the conversation and two responses labelled left and right, with no model
   * names, comparison id or gold marker, so gold items look like any other.
   */
  public record TaskView(long assignmentId, long campaignId, String campaignName, String guidelines, String scale,
      boolean allowBothBad, List<String> criteria, JsonNode prompt, String left, String right,
      Instant leaseExpiresAt, boolean resumed) {
    static TaskView of(Task t) {
      return new TaskView(t.assignmentId(), t.campaignId(), t.campaignName(), t.guidelines(), t.scale(),
          t.allowBothBad(), t.criteria(), t.prompt(), t.left(), t.right(), t.leaseExpiresAt(), t.resumed());
    }
  }

  /**
   * A stored judgement in the rater's own left/right terms ({@code created} is false when the submit
   * was a repeat).
   */
  public record JudgementView(long assignmentId, long preferenceId, Side choice, Integer strength,
      Map<String, Side> criteria, List<String> flags, Instant judgedAt, boolean created) {
    static JudgementView of(Judgement j) {
      return new JudgementView(j.assignmentId(), j.preferenceId(), j.choice(), j.strength(), j.criteria(), j.flags(),
          j.judgedAt(), j.created());
    }
  }

  @POST
  @Path("/campaigns/{id}/tasks/next")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Take the next task of a campaign, with a lease (your unexpired task again if you hold one)")
  @APIResponse(responseCode = "201", description = "A new task; its assignment is at Location")
  @APIResponse(responseCode = "200", description = "The task you already hold in this campaign")
  @APIResponse(responseCode = "204", description = "No task is available to you now")
  @APIResponse(responseCode = "403", description = "You are not in the campaign's pool, or you are paused")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The campaign is a DRAFT or PAUSED (a COMPLETED one answers 204)")
  public Uni<Response> next(@PathParam("id") long campaignId, @Context UriInfo uri) {
    String rater = rater();
    URI base = uri.getBaseUri();
    return onHandoutThread(() -> respond(handout.next(campaignId, rater), base));
  }

  @POST
  @Path("/tasks/next")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Take the next task from the most urgent campaign you may work on")
  @APIResponse(responseCode = "201", description = "A new task; its assignment is at Location")
  @APIResponse(responseCode = "200", description = "A task you already hold")
  @APIResponse(responseCode = "204", description = "No task is available to you now")
  public Uni<Response> nextAnywhere(@Context UriInfo uri) {
    String rater = rater();
    URI base = uri.getBaseUri();
    return onHandoutThread(() -> respond(handout.nextAnywhere(rater, campaigns.availableTo(rater)), base));
  }

  @GET
  @Path("/assignments/{id}")
  @Operation(summary = "One of your tasks again")
  @APIResponse(responseCode = "200", description = "The task")
  @APIResponse(responseCode = "404", description = "No such assignment of yours")
  public TaskView get(@PathParam("id") long id) {
    return TaskView.of(handout.get(id, rater()));
  }

  @POST
  @Path("/assignments/{id}/heartbeat")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Renew the lease on your task")
  @APIResponse(responseCode = "200", description = "The new expiry")
  @APIResponse(responseCode = "404", description = "No such assignment of yours")
  @APIResponse(responseCode = "409", description = "The task was submitted or given back, or expired and was taken")
  public LeaseView heartbeat(@PathParam("id") long id) {
    return new LeaseView(id, handout.heartbeat(id, rater()));
  }

  @POST
  @Path("/assignments/{id}/release")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Give the task back for other raters (you will not get it again)")
  @APIResponse(responseCode = "204", description = "Released")
  @APIResponse(responseCode = "404", description = "No such assignment of yours")
  @APIResponse(responseCode = "409", description = "Already submitted")
  public void release(@PathParam("id") long id) {
    handout.giveBack(id, rater(), false, null);
  }

  @POST
  @Path("/assignments/{id}/skip")
  @Operation(summary = "Skip the task with a reason (you will not get it again)")
  @APIResponse(responseCode = "204", description = "Skipped")
  @APIResponse(responseCode = "404", description = "No such assignment of yours")
  @APIResponse(responseCode = "409", description = "Already submitted")
  @APIResponse(responseCode = "422", description = "reason missing")
  public void skip(@PathParam("id") long id, SkipRequest request) {
    handout.giveBack(id, rater(), true, request == null ? null : request.reason());
  }

  @POST
  @Path("/assignments/{id}/judgement")
  @Operation(summary = "Submit your judgement (idempotent: a repeat returns the stored judgement)")
  @APIResponse(responseCode = "201", description = "Stored; it is at Location")
  @APIResponse(responseCode = "200", description = "Already stored: the stored judgement")
  @APIResponse(responseCode = "404", description = "No such assignment of yours")
  @APIResponse(responseCode = "409", description = "The lease expired and others completed the comparison, or the task was given back")
  @APIResponse(responseCode = "422", description = "The judgement does not fit the campaign's scale; the problem names the field")
  public Uni<Response> submit(@PathParam("id") long id, @NotNull JudgementRequest request, @Context UriInfo uri) {
    String rater = rater();
    URI location = uri.getAbsolutePath();
    return onHandoutThread(() -> {
      Judgement judgement = judgements.submit(id, rater, request.input());
      return judgement.created()
          ? Response.created(location).entity(JudgementView.of(judgement)).build()
          : Response.ok(JudgementView.of(judgement)).build();
    });
  }

  @GET
  @Path("/assignments/{id}/judgement")
  @Operation(summary = "Your stored judgement of a task")
  @APIResponse(responseCode = "200", description = "The judgement")
  @APIResponse(responseCode = "404", description = "No such assignment of yours, or not judged yet")
  public JudgementView judgement(@PathParam("id") long id) {
    return JudgementView.of(judgements.get(id, rater()));
  }

  @GET
  @Path("/me/campaigns/{id}/stats")
  @Operation(summary = "Your own quality statistics in a campaign")
  @APIResponse(responseCode = "200", description = "Your statistics")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public RaterStatsView myStats(@PathParam("id") long campaignId) {
    return RaterStatsView.of(quality.raterStats(campaignId, rater()));
  }

  /**
   * Runs the service call (its transaction) on a hand-out thread and hands the response to the event loop.
   * The hot hand-out endpoints return a Uni for this: Quarkus REST then reads a small request body in
   * memory and writes the response on the event loop, where a blocking method reads and writes through
   * blocking streams on the worker, each a hand-shake with the event loop (reading the submit body so
   * cost a third of the server's CPU at saturation; writing a task, 4% of it).
   */
  private Uni<Response> onHandoutThread(Supplier<Response> call) {
    return Uni.createFrom().item(call).runSubscriptionOn(threads.executor());
  }

  private static Response respond(Optional<Task> task, URI base) {
    if (task.isEmpty()) {
      return Response.noContent().build();
    }
    TaskView view = TaskView.of(task.get());
    if (view.resumed()) {
      return Response.ok(view).build();
    }
    URI location = UriBuilder.fromUri(base).path("api/v1/assignments/{id}").build(view.assignmentId());
    return Response.created(location).entity(view).build();
  }

  private String rater() {
    return caller.getPrincipal().getName();
  }
}
