package dev.assay.guardrail.monitoring.api;

import static dev.assay.platform.problem.api.QueryParameters.instant;

import dev.assay.guardrail.monitoring.alert.AlertService;
import dev.assay.guardrail.monitoring.alert.SignalPoint;
import dev.assay.guardrail.monitoring.window.CallerWindow;
import dev.assay.guardrail.monitoring.window.WindowStore;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The monitoring's series: closed windows per policy, per caller, and the statistics the alert rules computed. */
@Path("/api/v1/monitoring")
@Tag(name = "monitoring")
@RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {
  private static final Duration DEFAULT_SPAN = Duration.ofHours(24);

  private final WindowStore windows;
  private final AlertService alerts;
  private final Clock clock;

  public MonitoringResource(WindowStore windows, AlertService alerts, Clock clock) {
    this.windows = windows;
    this.alerts = alerts;
    this.clock = clock;
  }

  @GET
  @Path("/windows")
  @Operation(summary = "Closed windows starting in [from, to) (default: the last 24 hours), oldest first;"
      + " filters: policy, cohort")
  @APIResponse(responseCode = "200", description = "The windows, every replica's counts added up")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public List<WindowView> windows(@QueryParam("policy") String policy, @QueryParam("cohort") String cohort,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    Instant end = end(to);
    return windows.windows(policy, cohort, start(from, end), end).stream().map(WindowView::of).toList();
  }

  @GET
  @Path("/callers")
  @Operation(summary = "Each caller's counts per closed window starting in [from, to) (default: the last 24 hours);"
      + " filter: caller")
  @APIResponse(responseCode = "200", description = "Decisions, blocks, flags, escalations and detector hits")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public List<CallerWindow> callers(@QueryParam("caller") String caller, @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Instant end = end(to);
    return windows.callers(caller, start(from, end), end);
  }

  @GET
  @Path("/signals")
  @Operation(summary = "The drift, OOD and anomaly statistics computed for the windows starting in [from, to)"
      + " (default: the last 24 hours); filters: rule, policy")
  @APIResponse(responseCode = "200", description = "Each rule's value on each subject per window, with its threshold")
  @APIResponse(responseCode = "422", description = "A filter is malformed")
  public List<SignalPoint> signals(@QueryParam("rule") String rule, @QueryParam("policy") String policy,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    Instant end = end(to);
    return alerts.signals(start(from, end), end, rule, policy);
  }

  private Instant end(String to) {
    Instant end = instant("to", to);
    return end == null ? clock.instant() : end;
  }

  private static Instant start(String from, Instant end) {
    Instant start = instant("from", from);
    if (start != null && !start.isBefore(end)) {
      throw ProblemException.invalid("from", "from must be before to");
    }
    return start == null ? end.minus(DEFAULT_SPAN) : start;
  }
}
