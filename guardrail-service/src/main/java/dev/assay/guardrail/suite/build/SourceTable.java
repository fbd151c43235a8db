package dev.assay.guardrail.suite.build;

import dev.assay.trainer.training.CsvCells;
import dev.assay.trainer.training.LabeledTexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A source CSV of the safety data (header row, RFC 4180, gzipped or not) read whole: the files are small
 * (at most a few thousand rows). Every error names the file and the line.
 */
record SourceTable(Path file, List<String> header, List<Row> rows) {

  /** One data row and the line it starts on. */
  record Row(SourceTable table, long line, List<String> cells) {
    /** The cell of {@code column}, which {@link SourceTable#read} checked is in the header. */
    String get(String column) {
      return cells.get(table.header.indexOf(column));
    }

    /** The cell of {@code column}, which must not be blank. */
    String required(String column) {
      String value = get(column);
      if (value == null || value.isBlank()) {
        throw table.error(line, "the " + column + " cell is empty");
      }
      return value;
    }

    int integer(String column) {
      String value = required(column).strip();
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw table.error(line, "the " + column + " cell is not a whole number: '" + value + "'");
      }
    }
  }

  /**
   * @param columns the columns the builder reads; the file may have more
   * @throws IllegalArgumentException naming the file (and line) when it is missing, lacks a column or a row
   *     is malformed
   */
  static SourceTable read(Path file, String... columns) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> header;
    try (BufferedReader in = LabeledTexts.open(file)) {
      CsvCells cells = new CsvCells(in);
      header = cells.row();
      if (header == null) {
        throw new IllegalArgumentException(file + " is empty: a header row is expected");
      }
      for (String column : columns) {
        if (!header.contains(column)) {
          throw new IllegalArgumentException(file + " line 1: no column '" + column + "' (it has "
              + String.join(", ", header.stream().filter(c -> !c.isEmpty()).toList()) + ")");
        }
      }
      SourceTable table = new SourceTable(file, List.copyOf(header), rows);
      List<String> row;
      while ((row = cells.row()) != null) {
        if (row.size() == 1 && row.getFirst().isEmpty()) {
          continue;
        }
        if (row.size() != header.size()) {
          throw table.error(cells.rowLine(), "the row has " + row.size() + " cells but the header names "
              + header.size() + " columns");
        }
        rows.add(new Row(table, cells.rowLine(), row));
      }
      return table;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("a quoted cell")) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  IllegalArgumentException error(long line, String message) {
    return new IllegalArgumentException(file + " line " + line + ": " + message);
  }
}
