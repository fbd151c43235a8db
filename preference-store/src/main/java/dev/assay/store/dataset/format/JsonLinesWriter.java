package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** JSON lines in UTF-8 (non-ASCII unescaped), one encoded record per {@code \n}-terminated line. */
final class JsonLinesWriter implements RecordWriter {
  private final OutputStream out;
  private final RecordEncoder encoder;

  JsonLinesWriter(OutputStream out, RecordEncoder encoder) {
    this.out = new BufferedOutputStream(out, 64 * 1024);
    this.encoder = encoder;
  }

  @Override
  public void write(PreferenceRecord record) throws IOException {
    byte[] line = Json.MAPPER.writeValueAsBytes(encoder.encode(record));
    out.write(line);
    out.write('\n');
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
