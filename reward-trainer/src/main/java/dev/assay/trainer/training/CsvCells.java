package dev.assay.trainer.training;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks; CRLF or LF. */
public final class CsvCells {
  private final Reader in;
  private long line = 1;
  private long rowLine;
  private int pending = -2;

  public CsvCells(Reader in) {
    this.in = in;
  }

  /** The line the last row read starts on (a quoted cell may span lines). */
  public long rowLine() {
    return rowLine;
  }

  private int read() throws IOException {
    if (pending != -2) {
      int c = pending;
      pending = -2;
      return c;
    }
    return in.read();
  }

  /** The next row's cells, or null at the end. */
  public List<String> row() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    rowLine = line;
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new IllegalArgumentException("a quoted cell starting on line " + rowLine + " is never closed");
        }
        if (c == '"') {
          int next = read();
          if (next == '"') {
            cell.append('"');
          } else {
            quoted = false;
            pending = next;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append((char) c);
        }
      } else if (c == '"' && cell.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == -1) {
        line++;
        cells.add(cell.toString());
        return cells;
      } else if (c != '\r') {
        cell.append((char) c);
      }
      c = read();
    }
  }
}
