package dev.assay.store.export;

import java.util.Map;

/**
 * What an export wrote: {@code exported} records, and {@code skipped} records the format cannot
 * express (a tie in a chosen/rejected format, a judged pair as candidates, ...), with how many each
 * reason accounts for, in order of first occurrence.
 */
public record ExportSummary(String source, String format, long exported, long skipped, Map<String, Long> skipReasons) {
  public ExportSummary {
    skipReasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipReasons));
  }

  public String summary() {
    StringBuilder text = new StringBuilder()
        .append(exported).append(" exported, ").append(skipped).append(" skipped (the format cannot express them)");
    skipReasons.forEach((reason, count) -> text.append("\n  ").append(count).append(" x ").append(reason));
    return text.toString();
  }
}
