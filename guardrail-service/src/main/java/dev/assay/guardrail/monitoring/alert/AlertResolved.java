package dev.assay.guardrail.monitoring.alert;

/** A CDI event fired once an alert's resolution is committed (and its {@code alert.resolved} event is in the outbox). */
public record AlertResolved(Alert alert) {}
