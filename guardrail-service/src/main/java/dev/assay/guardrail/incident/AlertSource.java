package dev.assay.guardrail.incident;

import dev.assay.guardrail.monitoring.alert.Alert;
import java.util.Optional;

/**
 * Where alerts are looked up by id when an incident is opened from one over REST; implemented by the alert
 * store. Alerts that fire are handed to incidents as {@code AlertFired} events and need no lookup.
 */
public interface AlertSource {
  Optional<Alert> alert(long id);
}
