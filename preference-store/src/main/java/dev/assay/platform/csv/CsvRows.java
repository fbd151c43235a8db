package dev.assay.platform.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV rows for every export (datasets, the audit log), RFC 4180: CRLF line ends, fields quoted when they
 * contain a comma, quote, CR or LF, quotes doubled; null is an empty field and the empty text a quoted
 * one ({@code ""}), as PostgreSQL's CSV tells them apart. A text cell that a
 * spreadsheet would run as a formula (it starts with {@code =}, {@code +}, {@code -} or {@code @}) is
 * prefixed with {@code '}, which spreadsheets show as text; plain numbers such as {@code -0.5} are left
 * as they are. So that the prefix can be undone exactly ({@link #text}), a cell that itself starts with
 * {@code '} is prefixed too: a written cell starting with {@code '} always carries one added quote.
 */
public final class CsvRows implements Closeable, Flushable {
  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private final Writer out;

  public CsvRows(Writer out) {
    this.out = out;
  }

  public void row(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cell(fields.get(i)));
    }
    out.write("\r\n");
  }

  /** One field as written: neutralised, then quoted when needed. */
  static String cell(String value) {
    if (value == null) {
      return "";
    }
    if (value.isEmpty()) {
      return "\"\"";
    }
    String text = startsLikeAFormula(value) || value.charAt(0) == '\'' ? "'" + value : value;
    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0
        || text.indexOf('\n') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  /** A cell's text as it was before {@link #cell} neutralised it (quotes already undone). */
  public static String text(String cell) {
    return cell.startsWith("'") ? cell.substring(1) : cell;
  }

  private static boolean startsLikeAFormula(String value) {
    char first = value.charAt(0);
    return (first == '=' || first == '+' || first == '-' || first == '@') && !NUMBER.matcher(value).matches();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
