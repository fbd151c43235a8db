package dev.assay.guardrail.monitoring.alert;

/** A CDI event fired once an alert's firing is committed (and its {@code alert.fired} event is in the outbox). */
public record AlertFired(Alert alert) {}
