package dev.assay.guardrail.incident;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** When an alert opens an incident by itself, and how many audited decisions join its timeline. */
@ConfigMapping(prefix = "assay.incidents")
public interface IncidentSettings {
  /** Severities of alerts that open an incident as they fire (a firing that joins an open incident never does). */
  @WithDefault("critical")
  List<String> autoOpenSeverities();

  /** Alert rules (by name) that open an incident as they fire, whatever their severity. */
  Optional<List<String>> autoOpenRules();

  /** How far before an alert fired the decisions sampled into the timeline may lie. */
  @WithDefault("15m")
  Duration sampleWindow();

  /** Most decisions sampled into the timeline per alert (newest first, those not allowed before those allowed). */
  @WithDefault("10")
  int sampleSize();
}
