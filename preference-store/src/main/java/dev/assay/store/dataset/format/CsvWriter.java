package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV for spreadsheets and quick looks, RFC 4180: CRLF line ends, a header row, fields quoted when they
 * contain a comma, quote, CR or LF, quotes doubled. Columns: prompt (as {@link Dialogues#promptText},
 * empty for no prompt), response_a, response_b, generator_a, generator_b, choice (A, B, TIE, BOTH_BAD;
 * empty for candidates), strength, original_id. Candidates records with more than two responses do not
 * fit and are refused.
 */
final class CsvWriter implements RecordWriter {
  private static final List<String> HEADER = List.of(
      "prompt", "response_a", "response_b", "generator_a", "generator_b", "choice", "strength", "original_id");

  private final Writer out;

  CsvWriter(OutputStream out) throws IOException {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    row(HEADER);
  }

  @Override
  public void write(PreferenceRecord record) throws IOException {
    if (record.responses().size() > 2) {
      throw new UnsupportedRecordException("csv has two response columns; this record has "
          + record.responses().size() + " responses");
    }
    String prompt = record.prompt().isEmpty() ? "" : Dialogues.promptText(record.prompt());
    if (prompt == null) {
      throw new UnsupportedRecordException("the prompt has a role other than user/assistant, which csv's"
          + " single prompt column cannot show faithfully");
    }
    ResponseText a = record.responses().get(0);
    ResponseText b = record.responses().size() > 1 ? record.responses().get(1) : null;
    row(Arrays.asList(
        prompt,
        a.text(),
        b == null ? "" : b.text(),
        a.generator(),
        b == null ? null : b.generator(),
        record.choice() == null ? null : record.choice().name(),
        record.strength() == null ? null : record.strength().toString(),
        record.originalId()));
  }

  private void row(List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      writeField(fields.get(i));
    }
    out.write("\r\n");
  }

  private void writeField(String value) throws IOException {
    if (value == null) {
      return;
    }
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
        || value.indexOf('\n') >= 0;
    out.write(quote ? '"' + value.replace("\"", "\"\"") + '"' : value);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
