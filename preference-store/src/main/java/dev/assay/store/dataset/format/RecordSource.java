package dev.assay.store.dataset.format;

import java.io.Closeable;

/**
 * The JSON container layer under a {@link RecordReader}: yields one JSON object per record, whether the
 * file is JSON lines or one JSON array, without knowing the dataset format.
 */
interface RecordSource extends Closeable {
  /**
   * The next record, or null at the end.
   *
   * @throws DatasetFormatException for an unreadable record; the source has moved past it unless the
   *     problem ends the file (then the next call returns null)
   */
  RawRecord next();
}
