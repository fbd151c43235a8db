package dev.assay.guardrail.suite.run;

import java.util.Map;

/** A probe of a stored run with its outcome: what the failure catalogue and the outcome pages list. */
public record StoredOutcome(
    int ordinal,
    String key,
    String side,
    String expected,
    String prompt,
    String response,
    String alternative,
    String category,
    Map<String, String> tags,
    Boolean passed,
    String decision,
    Double score,
    Double scoreAlt,
    Map<String, Object> detail) {}
