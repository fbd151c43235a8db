package dev.assay.guardrail.rules;

/** Where a rule matched: {@code matched} is {@code text.substring(start, end)} of the text searched. */
public record RuleMatch(String rule, String matched, int start, int end) {}
