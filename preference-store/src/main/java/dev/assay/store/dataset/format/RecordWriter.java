package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.io.Closeable;
import java.io.IOException;

/**
 * Streams records into one export file, one record at a time. Closing flushes and closes the
 * underlying stream.
 */
public interface RecordWriter extends Closeable {
  /**
   * Writes one record.
   *
   * @throws UnsupportedRecordException when the format cannot express this record (a tie in a
   *     chosen/rejected format, a judged pair as candidates, ...); nothing of it has been written and
   *     the writer stays usable
   */
  void write(PreferenceRecord record) throws IOException;
}
