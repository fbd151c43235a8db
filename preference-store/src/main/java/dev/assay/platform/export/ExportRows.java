package dev.assay.platform.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.csv.CsvRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Rows written as an export: in CSV, a header and then each row's cells (through {@link CsvRows}); in JSON
 * lines, each row as one JSON object. Buffered: {@link #finish} writes out what is left.
 *
 * @param <T> a row, as JSON lines write it
 */
public final class ExportRows<T> {
  private final Writer writer;
  private final CsvRows csv;
  private final Function<? super T, List<String>> cells;
  private final ObjectMapper json;

  private ExportRows(Writer writer, CsvRows csv, Function<? super T, List<String>> cells, ObjectMapper json) {
    this.writer = writer;
    this.csv = csv;
    this.cells = cells;
    this.json = json;
  }

  /**
   * Starts an export, writing the CSV header.
   *
   * @param header the CSV header
   * @param cells a row's CSV cells, in the header's order
   */
  public static <T> ExportRows<T> start(ExportFormat format, OutputStream out, List<String> header,
      Function<? super T, List<String>> cells, ObjectMapper json) throws IOException {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    CsvRows csv = format == ExportFormat.CSV ? new CsvRows(writer) : null;
    if (csv != null) {
      csv.row(header);
    }
    return new ExportRows<>(writer, csv, cells, json);
  }

  public void write(T row) throws IOException {
    if (csv != null) {
      csv.row(cells.apply(row));
    } else {
      writer.write(json.writeValueAsString(row));
      writer.write('\n');
    }
  }

  public void finish() throws IOException {
    writer.flush();
  }
}
