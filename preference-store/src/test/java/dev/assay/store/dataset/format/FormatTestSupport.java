package dev.assay.store.dataset.format;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.assay.store.record.PreferenceRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /**
   * The shared real-data directory: system property {@code assay.shared-data} (set by surefire), else
   * {@code ../shared/data} next to the repository root. Skips the calling test when it is absent.
   */
  static Path sharedData() {
    String configured = System.getProperty("assay.shared-data");
    Path dir = configured != null ? Path.of(configured) : repositoryRoot().resolve("../shared/data");
    assumeTrue(Files.isDirectory(dir), "skipped: ../shared/data not present");
    return dir.normalize();
  }

  /** The nearest directory up from the working directory that holds the Maven wrapper. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir.getParent() != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    return dir;
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
