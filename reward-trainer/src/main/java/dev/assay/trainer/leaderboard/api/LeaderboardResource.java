package dev.assay.trainer.leaderboard.api;

import dev.assay.platform.identity.Roles;
import dev.assay.trainer.leaderboard.LeaderboardService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Generator leaderboards from pairwise preferences. */
@Path("/api/v1/leaderboard")
@Tag(name = "leaderboard")
@RolesAllowed({Roles.RESEARCHER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardResource {
  private final LeaderboardService leaderboards;

  public LeaderboardResource(LeaderboardService leaderboards) {
    this.leaderboards = leaderboards;
  }

  @GET
  @Operation(summary = "Bradley-Terry ratings (Elo scale, 95% bootstrap CI) per generator, the production reward"
      + " model's win rate per generator, and the Spearman and Kendall correlations of the two rankings")
  @APIResponse(responseCode = "200", description = "The leaderboard")
  @APIResponse(responseCode = "422", description = "Neither dataset nor campaign, no battles, or a bad parameter")
  public LeaderboardView leaderboard(
      @QueryParam("dataset") String dataset, @QueryParam("campaign") Long campaign,
      @QueryParam("anchor") String anchor, @QueryParam("rounds") @DefaultValue("100") int rounds,
      @QueryParam("seed") @DefaultValue("42") long seed, @QueryParam("ties") @DefaultValue("half") String ties) {
    return LeaderboardView.of(
        leaderboards.compute(new LeaderboardService.Query(dataset, campaign, anchor, rounds, seed, ties)));
  }
}
