package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Reading, writing and fixture helpers shared by the format tests. */
final class FormatTestSupport {
  private FormatTestSupport() {}

  static Path fixture(String name) {
    try {
      return Path.of(FormatTestSupport.class.getResource("/formats/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<PreferenceRecord> readAll(Path file, DatasetFormat forced) throws IOException {
    try (RecordReader reader = DatasetReaders.open(file, forced, ImportLimits.DEFAULTS)) {
      return drain(reader);
    }
  }

  static List<PreferenceRecord> readAll(byte[] data, DatasetFormat forced) throws IOException {
    return readAll(data, forced, ImportLimits.DEFAULTS);
  }

  static List<PreferenceRecord> readAll(byte[] data, DatasetFormat forced, ImportLimits limits) throws IOException {
    try (RecordReader reader = open(data, forced, limits)) {
      return drain(reader);
    }
  }

  static RecordReader open(byte[] data, DatasetFormat forced, ImportLimits limits) throws IOException {
    return DatasetReaders.open(new ByteArrayInputStream(data), "test.jsonl", forced, limits);
  }

  static RecordReader open(String data) throws IOException {
    return open(utf8(data), null, ImportLimits.DEFAULTS);
  }

  private static List<PreferenceRecord> drain(RecordReader reader) {
    List<PreferenceRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }

  /** Writes the records, leaving out those the format refuses. */
  static byte[] write(DatasetFormat format, List<PreferenceRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter writer = DatasetWriters.open(format, out)) {
      for (PreferenceRecord record : records) {
        try {
          writer.write(record);
        } catch (UnsupportedRecordException e) {
          // refused records are left out; tests that care count them
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String writeString(DatasetFormat format, PreferenceRecord record) {
    return new String(write(format, List.of(record)), StandardCharsets.UTF_8);
  }

  /** The records with their line numbers zeroed, for comparing across files. */
  static List<PreferenceRecord> withoutLines(List<PreferenceRecord> records) {
    return records.stream()
        .map(r -> new PreferenceRecord(r.prompt(), r.responses(), r.choice(), r.strength(), r.originalId(), 0))
        .toList();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
