package dev.assay.guardrail.monitoring.alert;

import java.util.Map;

/**
 * One rule's statistic on one subject in one window, as the evaluator computed it.
 *
 * @param subject what the statistic is about, stable from window to window (the key of de-duplication)
 * @param summary what moved, against what and by how much, for the alert it may fire
 */
public record Signal(AlertRule rule, String subject, Map<String, String> labels, double value, boolean breached,
    String summary) {}
