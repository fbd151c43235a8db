package dev.assay.store.dataset.format;

import dev.assay.platform.csv.CsvRows;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * CSV for spreadsheets and quick looks, and a round-trip format ({@link CsvRows}: RFC 4180, formula-like
 * cells neutralised reversibly, null an empty cell and the empty text {@code ""}; read back by
 * {@link CsvParser}), a header row, then one row per record. Columns: prompt (as
 * {@link Dialogues#promptText}, null for no prompt), response_a, response_b (null for a candidates
 * record of one response), generator_a, generator_b, choice (A, B, TIE, BOTH_BAD; null for candidates),
 * strength, original_id. Response metadata is not written. Candidates records with more than two responses do not
 * fit and are refused.
 */
final class CsvWriter implements RecordWriter {
  private static final List<String> HEADER = List.of(
      "prompt", "response_a", "response_b", "generator_a", "generator_b", "choice", "strength", "original_id");

  private final CsvRows out;

  CsvWriter(OutputStream out) throws IOException {
    this.out = new CsvRows(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024));
    this.out.row(HEADER);
  }

  @Override
  public void write(PreferenceRecord record) throws IOException {
    if (record.responses().size() > 2) {
      throw new UnsupportedRecordException("csv has two response columns; this record has "
          + record.responses().size() + " responses");
    }
    String prompt = record.prompt().isEmpty() ? null : Dialogues.promptText(record.prompt());
    if (prompt == null && !record.prompt().isEmpty()) {
      throw new UnsupportedRecordException("the prompt has a role other than user/assistant, which csv's"
          + " single prompt column cannot show faithfully");
    }
    ResponseText a = record.responses().get(0);
    ResponseText b = record.responses().size() > 1 ? record.responses().get(1) : null;
    out.row(Arrays.asList(
        prompt,
        a.text(),
        b == null ? null : b.text(),
        a.generator(),
        b == null ? null : b.generator(),
        record.choice() == null ? null : record.choice().name(),
        record.strength() == null ? null : record.strength().toString(),
        record.originalId()));
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
