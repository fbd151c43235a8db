package dev.assay.ui.views.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.guardrail.engine.TraceEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of the decision audit as the screen shows it, read from the row {@code AuditQueries} gives (the same
 * members as the REST page and export), with its trace as the checks that ran.
 */
record AuditedDecision(String traceId, Instant decidedAt, String caller, String policy, int policyVersion,
    String decision, List<String> reasons, double latencyMs, String promptHash, String responseHash,
    List<TraceEntry> trace) {

  private static final TypeReference<List<TraceEntry>> TRACE = new TypeReference<>() {};

  static AuditedDecision of(Map<String, Object> row, ObjectMapper json) {
    Object trace = row.get("trace");
    List<?> reasons = (List<?>) row.get("reasons");
    return new AuditedDecision((String) row.get("trace_id"), Instant.parse((String) row.get("decided_at")),
        (String) row.get("caller"), (String) row.get("policy"), ((Number) row.get("policy_version")).intValue(),
        (String) row.get("decision"), reasons.stream().map(String::valueOf).toList(),
        ((Number) row.get("latency_us")).longValue() / 1000.0, (String) row.get("prompt_hash"),
        (String) row.get("response_hash"), trace == null ? List.of() : json.convertValue(trace, TRACE));
  }
}
