package dev.assay.store.dataset.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;

/**
 * A JSON array of objects, read element by element with Jackson's streaming parser so only one element
 * is in memory. An element is copied token by token and abandoned (skipped without buffering) once it
 * exceeds the record limit. Records carry the line their element starts on. Broken JSON ends the file:
 * after it, element boundaries can no longer be trusted.
 */
final class JsonArraySource implements RecordSource {
  private final JsonParser parser;
  private final ObjectMapper mapper;
  private final String file;
  private final ImportLimits limits;
  private boolean started;
  private boolean ended;
  private long element;

  /** @param utf8 the decoded file, which must reject malformed input rather than replace it */
  JsonArraySource(Reader utf8, String file, ImportLimits limits) throws IOException {
    this.mapper = Json.readMapper(limits, 1);
    this.parser = mapper.createParser(utf8);
    this.file = file;
    this.limits = limits;
  }

  @Override
  public RawRecord next() {
    if (ended) {
      return null;
    }
    try {
      return readElement();
    } catch (JsonProcessingException e) {
      ended = true;
      JsonLocation at = e.getLocation();
      throw new DatasetFormatException(file, at == null ? currentLine() : at.getLineNr(), null,
          Json.describe(e, limits));
    } catch (CharacterCodingException e) {
      ended = true;
      throw new DatasetFormatException(file, currentLine(), null, "invalid UTF-8");
    } catch (IOException e) {
      ended = true;
      throw Json.ioFailure(file, currentLine(), e);
    }
  }

  private RawRecord readElement() throws IOException {
    if (!started) {
      started = true;
      parser.nextToken(); // the opening bracket, which DatasetReaders looked for before choosing this source
    }
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY) {
      ended = true;
      if (parser.nextToken() != null) {
        throw error(currentLine(), "unexpected content after the end of the array");
      }
      return null;
    }
    element++;
    JsonLocation start = parser.currentTokenLocation();
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      throw error(start.getLineNr(), "array element " + element + " is not a JSON object");
    }
    TokenBuffer copy = new TokenBuffer(parser);
    int depth = 0;
    while (true) {
      copy.copyCurrentEvent(parser);
      depth += depthChange(parser.currentToken());
      if (depth == 0) {
        break;
      }
      if (parser.currentLocation().getCharOffset() - start.getCharOffset() > limits.maxRecordBytes()) {
        skipRest(depth);
        throw error(start.getLineNr(), "array element " + element + " is longer than the limit of "
            + limits.maxRecordBytes() + " characters");
      }
      parser.nextToken();
    }
    try (JsonParser buffered = copy.asParser()) {
      return new RawRecord((ObjectNode) mapper.readTree(buffered), start.getLineNr());
    }
  }

  private void skipRest(int depth) throws IOException {
    while (depth > 0) {
      depth += depthChange(parser.nextToken());
    }
  }

  private static int depthChange(JsonToken token) {
    return token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
  }

  private long currentLine() {
    return parser.currentLocation().getLineNr();
  }

  private DatasetFormatException error(long line, String reason) {
    return new DatasetFormatException(file, line, null, reason);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
