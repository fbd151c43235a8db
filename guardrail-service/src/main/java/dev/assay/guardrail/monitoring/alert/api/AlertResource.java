package dev.assay.guardrail.monitoring.alert.api;

import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
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

/** Alerts fired by the monitoring's rules: open ones and the recent history. */
@Path("/api/v1/monitoring/alerts")
@Tag(name = "monitoring")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
  private final AlertService alerts;

  public AlertResource(AlertService alerts) {
    this.alerts = alerts;
  }

  @GET
  @Operation(summary = "Alerts, newest first; filters: state (open, resolved, all), kind, severity, rule, policy,"
      + " caller, since (ISO-8601), limit")
  @APIResponse(responseCode = "200", description = "The alerts")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public List<AlertView> list(@QueryParam("state") @DefaultValue("all") String state, @QueryParam("kind") String kind,
      @QueryParam("severity") String severity, @QueryParam("rule") String rule, @QueryParam("policy") String policy,
      @QueryParam("caller") String caller, @QueryParam("since") String since,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    Boolean open = switch (state) {
      case "open" -> true;
      case "resolved" -> false;
      case "all" -> null;
      default -> throw ProblemException.invalid("state",
          "state must be open, resolved or all but was \"" + state + "\"");
    };
    if (limit < 1 || limit > 1000) {
      throw ProblemException.invalid("limit", "limit must be between 1 and 1000");
    }
    return alerts.list(new AlertService.Filter(open, kind, severity, rule, policy, caller, instant("since", since),
        limit)).stream().map(AlertView::of).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One alert")
  @APIResponse(responseCode = "200", description = "The alert")
  @APIResponse(responseCode = "404", description = "No such alert")
  public AlertView get(@PathParam("id") long id) {
    return AlertView.of(alerts.get(id));
  }
}
