package dev.assay.store.export.api;

import dev.assay.store.export.ExportSummary;
import java.util.Map;

/**
 * What an export writes: {@code exported} records, and {@code skipped} records the format cannot
 * express, with how many each reason accounts for, in order of first occurrence.
 */
public record ExportSummaryView(
    String source, String format, long exported, long skipped, Map<String, Long> skipReasons) {
  public static ExportSummaryView of(ExportSummary summary) {
    return new ExportSummaryView(
        summary.source(), summary.format(), summary.exported(), summary.skipped(), summary.skipReasons());
  }
}
