package dev.assay.store.dataset.format;

/**
 * A record that the target export format cannot express faithfully, such as a tie written as
 * chosen/rejected or a system prompt written as HH-RLHF text. Thrown by {@link RecordWriter#write}
 * before anything of the record is written, so the caller can count it, skip it and go on.
 */
public class UnsupportedRecordException extends RuntimeException {
  public UnsupportedRecordException(String message) {
    super(message);
  }
}
