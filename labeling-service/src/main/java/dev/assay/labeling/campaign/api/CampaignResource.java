package dev.assay.labeling.campaign.api;

import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.campaign.CampaignSettings;
import dev.assay.labeling.campaign.CampaignState;
import dev.assay.labeling.campaign.ItemSource;
import dev.assay.labeling.campaign.Scale;
import dev.assay.platform.identity.Roles;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Preferences;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Campaigns: admins manage them, researchers read them, raters list those they may work on. */
@Path("/api/v1")
@Tag(name = "campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CampaignResource {
  private final CampaignService campaigns;
  private final SecurityIdentity caller;

  public CampaignResource(CampaignService campaigns, SecurityIdentity caller) {
    this.campaigns = campaigns;
    this.caller = caller;
  }

  /** A campaign as admins set it. */
  public record CampaignRequest(
      @NotBlank @Size(max = 200) String name,
      String guidelines,
      @NotEmpty List<String> criteria,
      @NotNull Scale scale,
      boolean allowBothBad,
      @Min(1) int ratingsRequired,
      @DecimalMin("0") @DecimalMax("1") double goldRate,
      int priority,
      Instant deadline,
      @Min(10) Integer leaseSeconds,
      List<String> raterPool) {
    CampaignSettings settings() {
      return new CampaignSettings(name, guidelines, criteria, scale, allowBothBad, ratingsRequired, goldRate,
          priority, deadline, leaseSeconds, raterPool);
    }
  }

  public record CampaignView(
      long id, String name, String guidelines, List<String> criteria, Scale scale, boolean allowBothBad,
      int ratingsRequired, double goldRate, int priority, Instant deadline, Integer leaseSeconds,
      CampaignState state, int itemsTotal, int itemsDone, String createdBy, Instant createdAt) {
    static CampaignView of(Campaign c) {
      return new CampaignView(c.id, c.name, c.guidelines, c.criteria, c.scale, c.allowBothBad, c.ratingsRequired,
          c.goldRate, c.priority, c.deadline, c.leaseSeconds, c.state, c.itemsTotal, c.itemsDone, c.createdBy,
          c.createdAt);
    }
  }

  public record StateRequest(@NotNull CampaignState state) {}

  public record PoolRequest(@NotNull List<String> raters) {}

  public record PoolView(long campaignId, List<String> raters) {}

  public record ItemsRequest(List<Long> comparisonIds, String dataset, ItemSource.Mode mode, Integer pairsPerPrompt,
      Long seed) {}

  public record GoldRequest(@NotNull Long comparisonId, @NotNull Choice choice) {}

  /** Items added to a campaign. */
  public record ItemsAddedView(int added, int alreadyInCampaign, int comparisonsCreated) {
    static ItemsAddedView of(CampaignService.ItemsAdded added) {
      return new ItemsAddedView(added.added(), added.alreadyInCampaign(), added.comparisonsCreated());
    }
  }

  /** A gold item: a comparison with its known answer, and how many judgements it has had. */
  public record GoldItemView(long comparisonId, Choice choice, int judgements) {
    static GoldItemView of(CampaignService.GoldItem item) {
      return new GoldItemView(item.comparisonId(), item.choice(), item.judgements());
    }
  }

  /** Where a campaign stands: items and assignments per state. */
  public record ProgressView(
      long campaignId, CampaignState state, int itemsTotal, int itemsDone, long judgements, long goldJudgements,
      Map<String, Long> items, Map<String, Long> assignments) {
    static ProgressView of(CampaignService.Progress p) {
      return new ProgressView(p.campaignId(), p.state(), p.itemsTotal(), p.itemsDone(), p.judgements(),
          p.goldJudgements(), p.items(), p.assignments());
    }
  }

  /** Judgements recorded in one hour (UTC). */
  public record HourBucketView(Instant hour, long judgements) {
    static HourBucketView of(Preferences.HourCount bucket) {
      return new HourBucketView(bucket.hour(), bucket.judgements());
    }
  }

  @POST
  @Path("/campaigns")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Create a campaign (in DRAFT)")
  @APIResponse(responseCode = "201", description = "Created; the campaign is at Location")
  @APIResponse(responseCode = "409", description = "A campaign with this name exists")
  @APIResponse(responseCode = "422", description = "A field is invalid; the problem names it")
  public Response create(@Valid @NotNull CampaignRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
    Campaign campaign = campaigns.create(request.settings(), caller.getPrincipal().getName());
    return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(campaign.id)).build())
        .entity(CampaignView.of(campaign))
        .build();
  }

  @GET
  @Path("/campaigns")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER, Roles.RATER})
  @Operation(summary = "List campaigns: all for admins and researchers, the active ones you may work on for raters")
  @APIResponse(responseCode = "200", description = "The campaigns")
  public List<CampaignView> list() {
    List<Campaign> result =
        caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.RESEARCHER)
            ? campaigns.list()
            : campaigns.availableTo(caller.getPrincipal().getName());
    return result.stream().map(CampaignView::of).toList();
  }

  @GET
  @Path("/campaigns/{id}")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "One campaign")
  @APIResponse(responseCode = "200", description = "The campaign")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public CampaignView get(@PathParam("id") long id) {
    return CampaignView.of(campaigns.get(id));
  }

  @PUT
  @Path("/campaigns/{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Change a campaign's settings (scale, criteria and N only while DRAFT)")
  @APIResponse(responseCode = "200", description = "The updated campaign")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The campaign is completed, or the change needs DRAFT")
  @APIResponse(responseCode = "422", description = "A field is invalid")
  public CampaignView update(@PathParam("id") long id, @Valid @NotNull CampaignRequest request) {
    return CampaignView.of(campaigns.update(id, request.settings()));
  }

  @PUT
  @Path("/campaigns/{id}/state")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Move a campaign: DRAFT -> ACTIVE <-> PAUSED -> COMPLETED")
  @APIResponse(responseCode = "200", description = "The campaign in its new state")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "Illegal transition, or activating a campaign without items")
  @APIResponse(responseCode = "422", description = "Unknown state")
  public CampaignView transition(@PathParam("id") long id, @Valid @NotNull StateRequest request) {
    return CampaignView.of(campaigns.transition(id, request.state()));
  }

  @GET
  @Path("/campaigns/{id}/pool")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "The campaign's rater pool (empty: every rater)")
  @APIResponse(responseCode = "200", description = "The pool")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public PoolView pool(@PathParam("id") long id) {
    return new PoolView(id, campaigns.pool(id));
  }

  @PUT
  @Path("/campaigns/{id}/pool")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Replace the campaign's rater pool (empty: every rater)")
  @APIResponse(responseCode = "200", description = "The new pool")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "422", description = "raters missing")
  public PoolView replacePool(@PathParam("id") long id, @Valid @NotNull PoolRequest request) {
    return new PoolView(id, campaigns.replacePool(id, request.raters()));
  }

  @POST
  @Path("/campaigns/{id}/items")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Add comparisons: by id, a dataset's pairs, or pairs built from a candidates dataset")
  @APIResponse(responseCode = "200", description = "How many were added")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The campaign is completed")
  @APIResponse(responseCode = "422", description = "Unknown dataset or comparison ids, or a bad sampling setting")
  public ItemsAddedView addItems(@PathParam("id") long id, @NotNull ItemsRequest request) {
    return ItemsAddedView.of(campaigns.addItems(id,
        new ItemSource(request.comparisonIds(), request.dataset(), request.mode(), request.pairsPerPrompt(),
            request.seed())));
  }

  @POST
  @Path("/campaigns/{id}/gold")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Add a gold item: a comparison with its known answer (canonical A/B)")
  @APIResponse(responseCode = "201", description = "Added; the campaign's gold items are at Location")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The comparison is already in the campaign, or it is completed")
  @APIResponse(responseCode = "422", description = "Unknown comparison or missing choice")
  public Response addGold(@PathParam("id") long id, @Valid @NotNull GoldRequest request,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    campaigns.addGold(id, request.comparisonId(), request.choice());
    return Response.created(uri.getAbsolutePath()).build();
  }

  @GET
  @Path("/campaigns/{id}/gold")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "The campaign's gold items with their answers")
  @APIResponse(responseCode = "200", description = "The gold items")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public List<GoldItemView> gold(@PathParam("id") long id) {
    return campaigns.goldItems(id).stream().map(GoldItemView::of).toList();
  }

  @GET
  @Path("/campaigns/{id}/progress")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Items done / total, judgements, items and assignments per state")
  @APIResponse(responseCode = "200", description = "The progress")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public ProgressView progress(@PathParam("id") long id) {
    return ProgressView.of(campaigns.progress(id));
  }

  @GET
  @Path("/campaigns/{id}/throughput")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Judgements per hour (UTC buckets)")
  @APIResponse(responseCode = "200", description = "The buckets, oldest first")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public List<HourBucketView> throughput(@PathParam("id") long id) {
    return campaigns.throughput(id).stream().map(HourBucketView::of).toList();
  }
}
