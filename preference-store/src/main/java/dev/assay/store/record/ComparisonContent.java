package dev.assay.store.record;

/**
 * What a task or a review shows of a comparison: the prompt's messages as stored (JSON text, see
 * {@link Messages#decode}) and the bodies of responses A and B.
 */
public record ComparisonContent(String promptMessages, String a, String b) {}
