package dev.assay.trainer.training;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.trainer.model.ModelJson;
import dev.assay.trainer.model.TextColumns;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads classifier examples from CSV (RFC 4180 with a header row, as the public safety datasets ship
 * it: an unnamed index column is allowed) or JSON lines, either gzipped. JSON lines are recognised by
 * the {@code .jsonl} / {@code .json} name or a first character {@code {}. Rows whose text or label is
 * empty are left out and counted.
 */
public final class LabeledTexts {
  static final String EMPTY_TEXT = "empty_text";
  static final String EMPTY_LABEL = "empty_label";

  private LabeledTexts() {}

  /**
   * @throws IllegalArgumentException when the file is missing, or naming the column when it lacks one of
   *     {@code columns}
   */
  public static LabeledTextSet read(Path file, TextColumns columns) throws IOException {
    List<LabeledText> examples = new ArrayList<>();
    Map<String, Long> dropped = new TreeMap<>();
    try (BufferedReader in = open(file)) {
      in.mark(1);
      int first = in.read();
      in.reset();
      String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
      if (first == '{' || name.endsWith(".jsonl") || name.endsWith(".json")) {
        readJsonLines(in, file, columns, examples, dropped);
      } else {
        readCsv(in, file, columns, examples, dropped);
      }
    }
    TreeSet<String> labels = new TreeSet<>();
    examples.forEach(example -> labels.add(example.label()));
    return new LabeledTextSet(examples, List.copyOf(labels), columns, dropped);
  }

  /**
   * A text file, gunzipped when it starts with gzip's magic bytes.
   *
   * @throws IllegalArgumentException naming the file when it is missing or unreadable
   */
  public static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(file + " is not a readable file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    try {
      in.mark(2);
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      in.reset();
      Reader reader = new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8);
      return new BufferedReader(reader, 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  private static void add(String text, String label, String group, List<LabeledText> examples, Map<String, Long> dropped) {
    if (text == null || text.isBlank()) {
      dropped.merge(EMPTY_TEXT, 1L, Long::sum);
    } else if (label == null || label.isBlank()) {
      dropped.merge(EMPTY_LABEL, 1L, Long::sum);
    } else {
      examples.add(new LabeledText(text, label.strip(), group == null ? text : group));
    }
  }

  private static void readJsonLines(
      BufferedReader in, Path file, TextColumns columns, List<LabeledText> examples, Map<String, Long> dropped)
      throws IOException {
    String line;
    long number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode row;
      try {
        row = ModelJson.MAPPER.readTree(line);
      } catch (JacksonException e) {
        throw new IllegalArgumentException(file + " line " + number + " is not JSON: " + e.getOriginalMessage(), e);
      }
      if (examples.isEmpty() && dropped.isEmpty()) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        checkColumns(file, columns, keys);
      }
      add(value(row, columns.text()), value(row, columns.label()),
          columns.group() == null ? null : value(row, columns.group()), examples, dropped);
    }
  }

  private static String value(JsonNode row, String key) {
    JsonNode value = row.get(key);
    return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
  }

  private static void readCsv(
      BufferedReader in, Path file, TextColumns columns, List<LabeledText> examples, Map<String, Long> dropped)
      throws IOException {
    CsvCells cells = new CsvCells(in);
    List<String> header = cells.row();
    if (header == null) {
      throw new IllegalArgumentException(file + " is empty");
    }
    checkColumns(file, columns, header);
    int text = header.indexOf(columns.text());
    int label = header.indexOf(columns.label());
    int group = columns.group() == null ? -1 : header.indexOf(columns.group());
    List<String> row;
    while ((row = cells.row()) != null) {
      if (row.size() == 1 && row.getFirst().isEmpty()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(file + " line " + cells.rowLine() + " has " + row.size()
            + " cells but the header names " + header.size() + " columns");
      }
      add(row.get(text), row.get(label), group < 0 ? null : row.get(group), examples, dropped);
    }
  }

  private static void checkColumns(Path file, TextColumns columns, List<String> present) {
    List<String> wanted = new ArrayList<>(List.of(columns.text(), columns.label()));
    if (columns.group() != null) {
      wanted.add(columns.group());
    }
    for (String column : wanted) {
      if (!present.contains(column)) {
        throw new IllegalArgumentException(file.getFileName() + " has no column '" + column + "' (it has "
            + String.join(", ", present.stream().filter(c -> !c.isEmpty()).toList()) + ")");
      }
    }
  }
}
