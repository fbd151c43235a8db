package dev.assay.store.dataset.format;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Opens dataset files for streaming import. Gzip compression is recognised by its magic bytes (not the
 * file name) and undone on the fly; a UTF-8 byte order mark is ignored; a file whose first significant
 * character is {@code [} is read as one JSON array, one forced to csv or starting with a CSV header row
 * whose first column is {@code prompt} (as exports write it) as CSV, anything else as JSON lines. The format is the
 * forced one or, when that is null, detected from the first record (see {@link FormatDetector}).
 */
public final class DatasetReaders {
  private static final int BUFFER = 64 * 1024;
  private static final int PEEK_LIMIT = BUFFER;
  private static final byte[] CSV_HEADER = "prompt,".getBytes(StandardCharsets.US_ASCII);

  private DatasetReaders() {}

  /**
   * Opens a file; its file name is the name errors report.
   *
   * @throws DatasetFormatException when the format must be detected and cannot be (empty file, broken
   *     or unrecognised first record)
   */
  public static RecordReader open(Path file, DatasetFormat forcedOrNull, ImportLimits limits) throws IOException {
    return open(Files.newInputStream(file), file.getFileName().toString(), forcedOrNull, limits);
  }

  /**
   * Opens a stream (an upload, say), which the reader owns and closes.
   *
   * @param displayName the name errors report, such as the uploaded file's name
   */
  public static RecordReader open(InputStream in, String displayName, DatasetFormat forcedOrNull, ImportLimits limits)
      throws IOException {
    if (forcedOrNull != null && !forcedOrNull.canRead()) {
      in.close();
      throw new IllegalArgumentException(forcedOrNull.cliName() + " is an export-only format");
    }
    RecordSource source = null;
    try {
      source = source(in, displayName, forcedOrNull == DatasetFormat.CSV, limits);
      return new StreamingRecordReader(source, displayName, forcedOrNull, limits);
    } catch (IOException | RuntimeException e) {
      if (source != null) {
        source.close();
      } else {
        in.close();
      }
      throw e;
    }
  }

  private static RecordSource source(InputStream raw, String name, boolean csv, ImportLimits limits)
      throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
    if (isGzip(in)) {
      try {
        in = new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
      } catch (IOException e) {
        throw Json.ioFailure(name, 0, e);
      }
    }
    int first;
    try {
      first = firstSignificantByte(in);
    } catch (IOException e) {
      throw Json.ioFailure(name, 0, e);
    }
    if (csv || (first != '{' && first != '[' && startsWith(in, CSV_HEADER))) {
      return new CsvSource(new Utf8Reader(in), name, limits);
    }
    if (first == '[') {
      return new JsonArraySource(new Utf8Reader(in), name, limits);
    }
    return new JsonLinesSource(in, name, limits);
  }

  private static boolean startsWith(BufferedInputStream in, byte[] prefix) throws IOException {
    in.mark(prefix.length);
    try {
      return Arrays.equals(in.readNBytes(prefix.length), prefix);
    } finally {
      in.reset();
    }
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b;
  }

  /**
   * The first byte that is not whitespace, peeked without consuming it; a leading UTF-8 byte order
   * mark is consumed so neither source has to know about it.
   */
  private static int firstSignificantByte(BufferedInputStream in) throws IOException {
    in.mark(3);
    if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
      in.reset();
    }
    in.mark(PEEK_LIMIT);
    try {
      for (int i = 0; i < PEEK_LIMIT; i++) {
        int b = in.read();
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return b;
        }
      }
      return -1;
    } finally {
      in.reset();
    }
  }
}
