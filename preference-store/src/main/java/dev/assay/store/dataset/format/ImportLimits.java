package dev.assay.store.dataset.format;

/**
 * Bounds that keep one hostile or broken file from exhausting memory or producing absurd records.
 * Exceeding any of them is a {@link DatasetFormatException} for that record.
 *
 * @param maxRecordBytes largest record: one JSON line in bytes, or one JSON array element in
 *     characters (the array is decoded before parsing, so its elements are measured after decoding)
 * @param maxTextChars longest single text (message content, response, instruction), in chars
 * @param maxNestingDepth deepest JSON nesting of a record; the enclosing array does not count
 * @param maxResponses most responses (candidates or completions) in one record
 */
public record ImportLimits(int maxRecordBytes, int maxTextChars, int maxNestingDepth, int maxResponses) {
  public static final ImportLimits DEFAULTS = new ImportLimits(4 * 1024 * 1024, 1_000_000, 32, 64);

  public ImportLimits {
    if (maxRecordBytes < 2 || maxTextChars < 1 || maxNestingDepth < 2 || maxResponses < 1) {
      throw new IllegalArgumentException("import limits must be positive: " + maxRecordBytes + ", "
          + maxTextChars + ", " + maxNestingDepth + ", " + maxResponses);
    }
  }
}
