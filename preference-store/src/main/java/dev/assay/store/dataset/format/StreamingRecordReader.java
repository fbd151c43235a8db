package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;

/** The {@link RecordReader}: a record source, the format's parser, and the read-ahead between them. */
final class StreamingRecordReader implements RecordReader {
  private static final int SHOWN_FIELDS = 20;

  private final RecordSource source;
  private final String file;
  private final ImportLimits limits;
  private final DatasetFormat format;
  private final RecordParser parser;
  private final Queue<PreferenceRecord> pending = new ArrayDeque<>();
  private final Map<String, Long> skipReasons = new LinkedHashMap<>();
  private RawRecord peeked;
  private long skipped;

  /** Detects the format from the first record (kept for reading) unless {@code forced} is given. */
  StreamingRecordReader(RecordSource source, String file, DatasetFormat forced, ImportLimits limits) {
    this.source = source;
    this.file = file;
    this.limits = limits;
    if (forced != null) {
      this.format = forced;
    } else {
      peeked = source.next();
      if (peeked == null) {
        throw new DatasetFormatException(file, 0, null, "the file has no records, so its format cannot be detected");
      }
      this.format = detect(peeked);
    }
    this.parser = RecordParser.of(format);
  }

  private DatasetFormat detect(RawRecord first) {
    DatasetFormat detected = FormatDetector.detect(first.json());
    if (detected == null) {
      StringBuilder seen = new StringBuilder();
      Iterator<String> names = first.json().fieldNames();
      for (int i = 0; names.hasNext() && i < SHOWN_FIELDS; i++) {
        seen.append(i == 0 ? "" : ", ").append('"').append(names.next()).append('"');
      }
      throw new DatasetFormatException(file, first.line(), null,
          "cannot tell the format from the first record's fields (" + (seen.isEmpty() ? "none" : seen)
              + (names.hasNext() ? ", ..." : "") + "); choose one explicitly (hh-rlhf, trl, trl-conversational,"
              + " trl-implicit, openai, alpaca-eval, ultrafeedback, candidates, csv)");
    }
    return detected;
  }

  @Override
  public DatasetFormat format() {
    return format;
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty()) {
      RawRecord raw = peeked != null ? peeked : source.next();
      peeked = null;
      if (raw == null) {
        return false;
      }
      pending.addAll(parser.parse(new RecordInput(raw, file, limits, this::skip)));
    }
    return true;
  }

  @Override
  public PreferenceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + file);
    }
    return pending.remove();
  }

  private void skip(String reason) {
    skipped++;
    skipReasons.merge(reason, 1L, Long::sum);
  }

  @Override
  public long skippedCount() {
    return skipped;
  }

  @Override
  public Map<String, Long> skipReasons() {
    return Collections.unmodifiableMap(skipReasons);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
