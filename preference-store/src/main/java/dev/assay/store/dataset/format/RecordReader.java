package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.io.Closeable;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams the records of one dataset file, one at a time, in constant memory.
 *
 * <p>Contract beyond {@link Iterator}: {@link #hasNext()} reads ahead and converts the next record, so
 * it (and {@link #next()}) may throw {@link DatasetFormatException} for an invalid record. That record
 * is then consumed: calling {@code hasNext()} again continues with the following one, which is how a
 * skip-invalid import goes on. The exception: broken JSON inside a JSON array (or corrupt compression)
 * ends the file, since nothing after it can be located reliably; {@code hasNext()} then returns false.
 *
 * <p>Records that are valid but carry no usable judgement (an AlpacaEval annotation whose preference
 * is null) are skipped silently and counted in {@link #skippedCount()}, not reported as errors.
 */
public interface RecordReader extends Iterator<PreferenceRecord>, Closeable {
  /** The file's format: the forced one, or the one detected from its first record. */
  DatasetFormat format();

  /** How many source records were skipped so far (not errors; see the class comment). */
  long skippedCount();

  /** Why records were skipped, with how many each, in order of first occurrence. */
  Map<String, Long> skipReasons();
}
