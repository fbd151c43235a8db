package dev.assay.guardrail.monitoring.window;

import java.time.Instant;

/** What one caller (an API key or a user) sent in one window, over every policy, added up over replicas. */
public record CallerWindow(
    Instant start, String caller, long decisions, long blocks, long flags, long escalations, long detectorHits) {}
