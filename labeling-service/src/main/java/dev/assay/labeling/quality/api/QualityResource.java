package dev.assay.labeling.quality.api;

import dev.assay.labeling.quality.CriterionAgreement;
import dev.assay.labeling.quality.QualityService;
import dev.assay.platform.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Rater statistics and agreement (researchers and admins); pausing raters and notifications (admins). */
@Path("/api/v1")
@Tag(name = "quality")
@Produces(MediaType.APPLICATION_JSON)
public class QualityResource {
  private final QualityService quality;
  private final SecurityIdentity caller;

  public QualityResource(QualityService quality, SecurityIdentity caller) {
    this.quality = quality;
    this.caller = caller;
  }

  public record PauseRequest(String reason) {}

  /**
   * Agreement on one criterion ({@code overall} is the main choice); null where a coefficient is
   * undefined.
   */
  public record AgreementView(
      String criterion, int units, int values, Double alphaNominal, Double alphaOrdinal, Double fleissKappa) {
    static AgreementView of(CriterionAgreement a) {
      return new AgreementView(
          a.criterion(), a.units(), a.values(), a.alphaNominal(), a.alphaOrdinal(), a.fleissKappa());
    }
  }

  /** A notification for admins. */
  public record NotificationView(
      long id, String kind, Long campaignId, String rater, String message, Instant createdAt, Instant readAt) {
    static NotificationView of(QualityService.Notification n) {
      return new NotificationView(n.id(), n.kind(), n.campaignId(), n.rater(), n.message(), n.createdAt(), n.readAt());
    }
  }

  @GET
  @Path("/campaigns/{id}/raters")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Per-rater statistics: majority agreement, gold accuracy, time, too-fast share, position bias")
  @APIResponse(responseCode = "200", description = "One entry per rater who judged")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public List<RaterStatsView> raters(@PathParam("id") long id) {
    return quality.raterStats(id).stream().map(RaterStatsView::of).toList();
  }

  @GET
  @Path("/campaigns/{id}/agreement")
  @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
  @Operation(summary = "Krippendorff's alpha (nominal, ordinal) and Fleiss' kappa, overall and per criterion")
  @APIResponse(responseCode = "200", description = "One entry for the overall choice and one per criterion")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public List<AgreementView> agreement(@PathParam("id") long id) {
    return quality.agreement(id).stream().map(AgreementView::of).toList();
  }

  @POST
  @Path("/campaigns/{id}/raters/{rater}/pause")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Pause a rater in a campaign (they get no tasks there)")
  @APIResponse(responseCode = "204", description = "Paused")
  @APIResponse(responseCode = "404", description = "No such campaign")
  public void pause(@PathParam("id") long id, @PathParam("rater") String rater, PauseRequest request) {
    quality.pauseByAdmin(id, rater, request == null ? null : request.reason(), caller.getPrincipal().getName());
  }

  @POST
  @Path("/campaigns/{id}/raters/{rater}/resume")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Resume a paused rater (the automatic checks then leave them alone in this campaign)")
  @APIResponse(responseCode = "204", description = "Resumed")
  @APIResponse(responseCode = "404", description = "No such campaign")
  @APIResponse(responseCode = "409", description = "The rater is not paused")
  public void resume(@PathParam("id") long id, @PathParam("rater") String rater) {
    quality.resume(id, rater, caller.getPrincipal().getName());
  }

  @GET
  @Path("/notifications")
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Notifications for admins, newest first (e.g. raters paused by the quality checks)")
  @APIResponse(responseCode = "200", description = "The notifications")
  public List<NotificationView> notifications(@QueryParam("unread") @DefaultValue("false") boolean unread) {
    return quality.notifications(unread).stream().map(NotificationView::of).toList();
  }

  @POST
  @Path("/notifications/{id}/read")
  @Consumes(MediaType.WILDCARD)
  @RolesAllowed(Roles.ADMIN)
  @Operation(summary = "Mark a notification read")
  @APIResponse(responseCode = "204", description = "Marked")
  @APIResponse(responseCode = "404", description = "No such notification")
  public void markRead(@PathParam("id") long id) {
    quality.markRead(id);
  }
}
