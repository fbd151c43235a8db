package dev.assay.guardrail.monitoring.window;

import java.time.Instant;

/** One window of one policy version's traffic in one cohort ({@code production} or {@code canary}). */
public record WindowKey(Instant start, String policy, int policyVersion, String cohort) {}
