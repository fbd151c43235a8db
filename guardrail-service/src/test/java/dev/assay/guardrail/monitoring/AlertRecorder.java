package dev.assay.guardrail.monitoring;

import dev.assay.guardrail.monitoring.alert.Alert;
import dev.assay.guardrail.monitoring.alert.AlertFired;
import dev.assay.guardrail.monitoring.alert.AlertResolved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the alert events the monitoring fires, as an incident or rollout observer would receive them. */
@ApplicationScoped
public class AlertRecorder {
  private final List<Alert> fired = new CopyOnWriteArrayList<>();
  private final List<Alert> resolved = new CopyOnWriteArrayList<>();

  void onFired(@Observes AlertFired event) {
    fired.add(event.alert());
  }

  void onResolved(@Observes AlertResolved event) {
    resolved.add(event.alert());
  }

  public List<Alert> fired() {
    return List.copyOf(fired);
  }

  public List<Alert> resolved() {
    return List.copyOf(resolved);
  }
}
