package dev.assay.guardrail.policy;

/**
 * The settings of a new policy version; null fields are inherited from the latest version when
 * there is one, else take their defaults (action {@code flag}, {@code fail-closed}).
 */
public record PolicyDraft(
    String name, Double threshold, String action, String fallbackResponse, String onNoModel, String description) {}
