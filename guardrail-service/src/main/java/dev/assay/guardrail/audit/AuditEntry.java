package dev.assay.guardrail.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One guardrail decision as the audit log stores it. Texts are null unless configured; {@code traceJson}
 * (every check run, as the response shows it) is null for decisions made before any check ran.
 */
public record AuditEntry(
    UUID traceId,
    Instant decidedAt,
    String caller,
    String policyName,
    int policyVersion,
    String modelVersion,
    String promptHash,
    String responseHash,
    String promptText,
    String responseText,
    Double score,
    Double threshold,
    String decision,
    List<String> reasons,
    long latencyMicros,
    String traceJson) {}
