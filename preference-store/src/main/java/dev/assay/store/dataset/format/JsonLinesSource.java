package dev.assay.store.dataset.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON lines: one object per line, read line by line into a buffer no larger than the record limit.
 * An over-long line is skipped to its end without being stored, so every problem stays local to its
 * line and reading can continue with the next one. Blank lines are ignored.
 */
final class JsonLinesSource implements RecordSource {
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final String file;
  private final ImportLimits limits;
  private final ObjectMapper mapper;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private byte[] line = new byte[8 * 1024];
  private int lineLength;
  private long lineBytes;
  private long lineNumber;

  JsonLinesSource(InputStream in, String file, ImportLimits limits) {
    this.in = in;
    this.file = file;
    this.limits = limits;
    this.mapper = Json.readMapper(limits, 0);
  }

  @Override
  public RawRecord next() {
    while (readLine()) {
      if (lineBytes > limits.maxRecordBytes()) {
        throw error(null, "the record is " + lineBytes + " bytes long; the limit is "
            + limits.maxRecordBytes() + " bytes");
      }
      if (!isBlank()) {
        return new RawRecord(parse(decode()), lineNumber);
      }
    }
    return null;
  }

  /** Reads the next line (without its terminator) into {@link #line}; false at the end of input. */
  private boolean readLine() {
    lineLength = 0;
    lineBytes = 0;
    boolean any = false;
    while (true) {
      if (chunkPos == chunkEnd && !fill()) {
        if (any) {
          lineNumber++;
        }
        return any;
      }
      any = true;
      int newline = indexOf((byte) '\n', chunkPos, chunkEnd);
      int end = newline < 0 ? chunkEnd : newline;
      append(chunkPos, end);
      chunkPos = newline < 0 ? chunkEnd : newline + 1;
      if (newline >= 0) {
        lineNumber++;
        if (lineBytes == lineLength && lineLength > 0 && line[lineLength - 1] == '\r') {
          lineLength--;
          lineBytes--;
        }
        return true;
      }
    }
  }

  private boolean fill() {
    try {
      int n = in.read(chunk);
      chunkPos = 0;
      chunkEnd = Math.max(n, 0);
      return n > 0;
    } catch (IOException e) {
      throw Json.ioFailure(file, lineNumber + 1, e);
    }
  }

  /** Keeps the bytes while the line is within the limit; past it only counts them. */
  private void append(int from, int to) {
    int n = to - from;
    lineBytes += n;
    if (lineBytes > limits.maxRecordBytes() + 1L) {
      return;
    }
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(chunk, from, line, lineLength, n);
    lineLength += n;
  }

  private int indexOf(byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chunk[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private boolean isBlank() {
    for (int i = 0; i < lineLength; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private CharBuffer decode() {
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, lineLength);
    try {
      return utf8.reset().decode(bytes);
    } catch (CharacterCodingException e) {
      throw error(null, "invalid UTF-8 at byte " + (bytes.position() + 1) + " of the line");
    }
  }

  private ObjectNode parse(CharBuffer text) {
    try (JsonParser parser = mapper.createParser(text.array(), text.arrayOffset(), text.remaining())) {
      JsonNode node = mapper.readTree(parser);
      if (parser.nextToken() != null) {
        throw error(null, "broken JSON: more than one JSON value on the line");
      }
      if (!(node instanceof ObjectNode object)) {
        throw error(null, "expected a JSON object but found " + Json.kind(node));
      }
      return object;
    } catch (JsonProcessingException e) {
      throw error(null, Json.describe(e, limits));
    } catch (IOException e) {
      throw Json.ioFailure(file, lineNumber, e);
    }
  }

  private DatasetFormatException error(String field, String reason) {
    return new DatasetFormatException(file, lineNumber, field, reason);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
