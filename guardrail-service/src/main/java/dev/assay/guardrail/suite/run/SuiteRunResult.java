package dev.assay.guardrail.suite.run;

import dev.assay.guardrail.suite.SuiteKind;
import java.util.List;
import java.util.Map;

/**
 * A suite's probes applied to a target: one outcome per probe (in the suite's order) and the metrics.
 *
 * @param failures probes the policy got wrong (rank probes are never failures one by one)
 */
public record SuiteRunResult(SuiteKind kind, int probes, int failures, Map<String, Object> metrics,
    List<ProbeOutcome> outcomes) {}
