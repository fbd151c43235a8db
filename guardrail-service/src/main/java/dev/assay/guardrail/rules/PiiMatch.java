package dev.assay.guardrail.rules;

/** A span of personal data: {@code text.substring(start, end)} of the text that was scanned. */
public record PiiMatch(PiiType type, int start, int end) {

  public PiiMatch {
    if (type == null || start < 0 || end <= start) {
      throw new IllegalArgumentException("invalid PII span " + type + " [" + start + ", " + end + ")");
    }
  }
}
