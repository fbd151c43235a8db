package dev.assay.store.dataset.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that hands out every valid character before the first malformed byte and only
 * then fails. {@link java.io.InputStreamReader} fails for a whole read-ahead buffer at once, so the
 * JSON parser on top would report the error kilobytes (many lines) before the bad byte; with this
 * reader the parser's position is the bad byte's line.
 */
final class Utf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024).flip();
  private boolean endOfInput;

  Utf8Reader(InputStream in) {
    this.in = in;
  }

  /** Needs room for two chars, as a supplementary character decodes to a surrogate pair. */
  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length < 2) {
      throw new IllegalArgumentException("read at least two chars at a time");
    }
    CharBuffer out = CharBuffer.wrap(buffer, offset, length);
    while (true) {
      CoderResult result = decoder.decode(bytes, out, endOfInput);
      int decoded = out.position() - offset;
      if (result.isError()) {
        if (decoded > 0) {
          return decoded;
        }
        result.throwException();
      }
      if (decoded > 0) {
        return decoded;
      }
      if (endOfInput) {
        decoder.flush(out);
        return out.position() > offset ? out.position() - offset : -1;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
