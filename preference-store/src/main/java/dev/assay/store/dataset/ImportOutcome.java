package dev.assay.store.dataset;

import java.nio.file.Path;

/**
 * What an import did. {@code newRecords} counts records the dataset did not have; {@code duplicates}
 * those it already had (or that repeat within the file); {@code skipped} records the format marks as
 * having no judgement (e.g. an AlpacaEval null preference); {@code rejected} invalid records left out
 * under skip-invalid, listed in {@code rejectsFile}.
 */
public record ImportOutcome(
    String dataset, String format, long read, long newRecords, long duplicates, long skipped, long rejected,
    Path rejectsFile) {

  public String summary() {
    return String.format(
        "%d read, %d new, %d duplicates, %d skipped, %d rejected", read, newRecords, duplicates, skipped, rejected);
  }
}
