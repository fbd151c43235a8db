package dev.assay.guardrail.incident.api;

import java.util.Map;

/**
 * A new incident: from an alert ({@code alertId}, and optionally {@code owner}), or by hand ({@code title},
 * {@code severity}, optional {@code owner} and {@code links}: the model and policy versions it is about).
 */
public record IncidentRequest(Long alertId, String title, String severity, String owner, Map<String, String> links) {}
