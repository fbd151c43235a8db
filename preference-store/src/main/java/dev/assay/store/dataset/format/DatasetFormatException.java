package dev.assay.store.dataset.format;

/**
 * One record of a dataset file cannot be read: broken JSON, a missing or malformed field, text over a
 * limit, invalid UTF-8. Unchecked, because the caller decides what an invalid record means: an
 * all-or-nothing import stops, a {@code --skip-invalid} import records it and reads on.
 *
 * <p>{@link #getMessage()} reads like {@code train.jsonl line 17: "chosen" is missing}; the parts are
 * also available separately for structured error reports.
 */
public class DatasetFormatException extends RuntimeException {
  private final String file;
  private final long line;
  private final String field;
  private final String reason;

  /**
   * @param file the file's display name
   * @param line the 1-based line the record starts on; 0 when the problem concerns the whole file
   * @param field the offending field as a path like {@code completions[2].response}, or null
   * @param reason what is wrong, without the location
   */
  public DatasetFormatException(String file, long line, String field, String reason) {
    this(file, line, field, reason, null);
  }

  public DatasetFormatException(String file, long line, String field, String reason, Throwable cause) {
    super(location(file, line) + reason, cause);
    this.file = file;
    this.line = line;
    this.field = field;
    this.reason = reason;
  }

  private static String location(String file, long line) {
    return file + (line > 0 ? " line " + line : "") + ": ";
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  /** The offending field's path, or null when the problem is not about one field (broken JSON). */
  public String field() {
    return field;
  }

  /** The message without the file and line. */
  public String reason() {
    return reason;
  }
}
