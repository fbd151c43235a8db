package dev.assay.guardrail.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One guardrail decision as the audit log stores it. Texts are null unless configured. */
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
    double threshold,
    String decision,
    List<String> reasons,
    long latencyMicros) {}
