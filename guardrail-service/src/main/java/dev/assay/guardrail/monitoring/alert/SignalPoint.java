package dev.assay.guardrail.monitoring.alert;

import java.time.Instant;
import java.util.Map;

/** A rule's statistic on a subject as it was computed for one window, breached or not: a point of a gauge's series. */
public record SignalPoint(Instant windowStart, String rule, String subject, Map<String, String> labels, double value,
    double threshold, boolean breached) {}
