package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.platform.csv.CsvRows;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as {@link CsvRows} writes it (RFC 4180; CRLF or LF line ends): a header row naming the columns,
 * then one record per row, given to the parsers as an object of column name to text (an unquoted empty
 * cell is null, {@code ""} the empty text), each cell with {@link CsvRows#text} applied so a neutralised formula reads back as written. A record's line is the
 * line its row starts on (a quoted cell may span lines).
 */
final class CsvSource implements RecordSource {
  private final Reader in;
  private final String file;
  private final ImportLimits limits;
  private final char[] buffer = new char[16 * 1024];
  private int position;
  private int end;
  private boolean finished;
  private long line = 1;
  private List<String> header;

  CsvSource(Reader in, String file, ImportLimits limits) {
    this.in = in;
    this.file = file;
    this.limits = limits;
  }

  @Override
  public RawRecord next() {
    if (header == null) {
      long at = line;
      header = row();
      if (header == null) {
        return null;
      }
      if (header.stream().distinct().count() != header.size() || header.contains(null)) {
        throw new DatasetFormatException(file, at, null, "the header row must name each column once");
      }
    }
    while (true) {
      long at = line;
      List<String> cells = row();
      if (cells == null) {
        return null;
      }
      if (cells.size() == 1 && cells.get(0) == null) {
        continue; // a blank line
      }
      if (cells.size() != header.size()) {
        throw new DatasetFormatException(file, at, null,
            "the row has " + cells.size() + " cells but the header names " + header.size() + " columns");
      }
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      for (int i = 0; i < cells.size(); i++) {
        record.put(header.get(i), cells.get(i) == null ? null : CsvRows.text(cells.get(i)));
      }
      return new RawRecord(record, at);
    }
  }

  /** The next row's cells (quotes undone, null for an unquoted empty cell), or null at the end of the file. */
  private List<String> row() {
    if (peek() < 0) {
      return null;
    }
    long startLine = line;
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    long chars = 0;
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (++chars > limits.maxRecordBytes()) {
        throw new DatasetFormatException(file, startLine, null,
            "the row is longer than the record limit of " + limits.maxRecordBytes() + " bytes");
      }
      if (quoted) {
        if (c < 0) {
          throw new DatasetFormatException(file, startLine, null, "a quoted cell is not closed before the end of the file");
        }
        if (c == '"') {
          if (peek() == '"') {
            read();
            cell.append('"');
          } else {
            quoted = false;
          }
        } else {
          cell.append((char) c);
        }
        continue;
      }
      if (c == '"' && cell.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        cells.add(cell(cell, wasQuoted));
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n' || c < 0) {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        cells.add(cell(cell, wasQuoted));
        return cells;
      } else if (wasQuoted) {
        throw new DatasetFormatException(file, line, null, "text after the closing quote of a cell");
      } else {
        cell.append((char) c);
      }
    }
  }

  private static String cell(StringBuilder text, boolean quoted) {
    return text.isEmpty() && !quoted ? null : text.toString();
  }

  private int peek() {
    if (position == end && !fill()) {
      return -1;
    }
    return buffer[position];
  }

  private int read() {
    int c = peek();
    if (c >= 0) {
      position++;
      if (c == '\n' || (c == '\r' && peek() != '\n')) {
        line++;
      }
    }
    return c;
  }

  private boolean fill() {
    if (finished) {
      return false;
    }
    try {
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        finished = true;
        return false;
      }
      position = 0;
      end = n;
      return true;
    } catch (CharacterCodingException e) {
      finished = true;
      throw new DatasetFormatException(file, line, null, "invalid UTF-8 (" + e.getMessage() + ")");
    } catch (IOException e) {
      finished = true;
      throw Json.ioFailure(file, line, e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
