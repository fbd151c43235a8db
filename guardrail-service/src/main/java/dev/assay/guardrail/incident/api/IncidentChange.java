package dev.assay.guardrail.incident.api;

/**
 * A change to an incident: its {@code status} (open, mitigated, resolved), its {@code owner}, a note's
 * {@code text} or the post-mortem's {@code markdown}; each endpoint reads its own field.
 */
public record IncidentChange(String status, String owner, String text, String markdown) {}
