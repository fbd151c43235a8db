package dev.assay.store.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.store.dataset.format.RecordReader;
import dev.assay.store.record.PreferenceRecord;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jboss.logging.Logger;

/**
 * Imports one file's records into one dataset in ONE transaction: either every valid record lands or,
 * on the first invalid record without skip-invalid, none does.
 *
 * <p>Records stream from the reader into a COPY staging table; set-based statements then add the texts,
 * prompts, comparisons, candidates, preferences and dataset records the store does not have yet.
 * Identity is by content hash, so importing the same file twice adds nothing.
 */
@ApplicationScoped
public class DatasetImporter {
  private static final Logger LOG = Logger.getLogger(DatasetImporter.class);
  private static final String[] MERGE = {
    // Statistics for the keys only: sampling the wide text columns costs more than it tells.
    "ANALYZE import_stage (seq, record_hash, item_hash, prompt_hash, a_hash, b_hash, choice)",
    // Duplicates within the file (the first occurrence stays: it carries the texts), then records the
    // dataset already has (their texts are stored already).
    "DELETE FROM import_stage a USING import_stage b WHERE a.record_hash = b.record_hash AND a.seq > b.seq",
    "DELETE FROM import_stage s USING dataset_record r WHERE r.dataset_id = ?1 AND r.record_hash = s.record_hash",
    // A text or prompt body is staged only at its first occurrence in the file (see ImportStage), so no
    // DISTINCT is needed; ON CONFLICT also absorbs repeats staged after the seen-set filled up.
    "INSERT INTO text_blob (hash, body, char_length)"
        + " SELECT a_hash, a_body, length(a_body) FROM import_stage WHERE a_body IS NOT NULL"
        + " UNION ALL SELECT b_hash, b_body, length(b_body) FROM import_stage WHERE b_body IS NOT NULL"
        + " ON CONFLICT DO NOTHING",
    "INSERT INTO prompt (hash, messages) SELECT prompt_hash, prompt_json::jsonb FROM import_stage"
        + " WHERE prompt_json IS NOT NULL ON CONFLICT DO NOTHING",
    "INSERT INTO comparison (content_hash, prompt_hash, response_a_hash, response_b_hash, generator_a, generator_b,"
        + " metadata_a, metadata_b)"
        + " SELECT DISTINCT ON (item_hash) item_hash, prompt_hash, a_hash, b_hash, generator_a, generator_b,"
        + " metadata_a::jsonb, metadata_b::jsonb FROM import_stage WHERE b_hash IS NOT NULL ON CONFLICT DO NOTHING",
    "INSERT INTO candidate (content_hash, prompt_hash, response_hash, generator, metadata)"
        + " SELECT DISTINCT ON (item_hash) item_hash, prompt_hash, a_hash, generator_a, metadata_a::jsonb"
        + " FROM import_stage WHERE b_hash IS NULL ON CONFLICT DO NOTHING",
    // Preference ids in a narrow side table: updating the wide staging rows would rewrite them all.
    "CREATE TEMP TABLE import_preference ON COMMIT DROP AS"
        + " SELECT seq, nextval('preference_id_seq') AS preference_id FROM import_stage WHERE choice IS NOT NULL",
    "INSERT INTO preference (id, comparison_id, source, choice, strength)"
        + " SELECT i.preference_id, c.id, s.source, s.choice, s.strength FROM import_stage s"
        + " JOIN import_preference i ON i.seq = s.seq JOIN comparison c ON c.content_hash = s.item_hash",
    "INSERT INTO dataset_record (dataset_id, record_hash, comparison_id, candidate_id, preference_id, source_file,"
        + " line_no, original_id)"
        + " SELECT ?1, s.record_hash, c.id, k.id, i.preference_id, ?2, s.line_no, s.original_id FROM import_stage s"
        + " LEFT JOIN import_preference i ON i.seq = s.seq"
        + " LEFT JOIN comparison c ON s.b_hash IS NOT NULL AND c.content_hash = s.item_hash"
        + " LEFT JOIN candidate k ON s.b_hash IS NULL AND k.content_hash = s.item_hash"
        // dataset_record ids follow the file's order, which is the order a dataset exports in.
        + " ORDER BY s.seq",
  };


  private final AgroalDataSource dataSource;
  private final ObjectMapper json;

  public DatasetImporter(AgroalDataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /**
   * Runs the import. Throws {@link DatasetFormatException} (nothing written) at the first invalid
   * record unless {@code rejects} is given, in which case invalid records are written there as JSON
   * lines with their line number and reason.
   */
  @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = Exception.class)
  @TransactionConfiguration(timeout = 3600, timeoutFromConfigProperty = "assay.import.transaction-timeout-seconds")
  public ImportOutcome run(
      long datasetId, String datasetName, String fileName, RecordReader reader, Path rejects, LongConsumer progress) {
    try (Connection connection = dataSource.getConnection();
        RejectsWriter rejected = new RejectsWriter(rejects)) {
      long read = 0;
      long staged = 0;
      String source = reader.format() == DatasetFormat.ALPACA_EVAL ? "AI_JUDGE" : "IMPORTED";
      long started = System.nanoTime();
      useFastCompression(connection);
      try (ImportStage stage = new ImportStage(connection, json)) {
        while (true) {
          PreferenceRecord record;
          try {
            if (!reader.hasNext()) {
              break;
            }
            record = reader.next();
          } catch (DatasetFormatException e) {
            read++;
            if (rejects == null) {
              throw e;
            }
            rejected.write(e);
            continue;
          }
          read++;
          stage.add(record, source);
          staged++;
          if (read % 1000 == 0) {
            progress.accept(read);
          }
        }
        stage.finish();
      }
      progress.accept(read);
      LOG.debugf("import %s: read and staged %d records in %d ms", fileName, staged, (System.nanoTime() - started) / 1_000_000);
      long fresh = merge(connection, datasetId, fileName);
      long duplicates = staged - fresh;
      return new ImportOutcome(
          datasetName, reader.format().cliName(), read + reader.skippedCount(), fresh, duplicates,
          reader.skippedCount(), rejected.count(), rejected.count() > 0 ? rejects : null);
    } catch (SQLException e) {
      throw new IllegalStateException("Import into dataset " + datasetName + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * LZ4 instead of the default pglz for the texts this transaction TOASTs (staged and stored): several
   * times cheaper to compress, about as small. Only when the server was built with LZ4.
   */
  private static void useFastCompression(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        var result = statement.executeQuery(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")) {
      if (!result.next() || !result.getBoolean(1)) {
        return;
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL default_toast_compression = 'lz4'");
    }
  }

  /** Merges the staged rows; returns how many records were new to the dataset. */
  private long merge(Connection connection, long datasetId, String fileName) throws SQLException {
    for (String sql : MERGE) {
      long started = System.nanoTime();
      try (PreparedStatement statement = connection.prepareStatement(sql.replace("?1", "?").replace("?2", "?"))) {
        if (sql.contains("?1")) {
          statement.setLong(1, datasetId);
        }
        if (sql.contains("?2")) {
          statement.setString(2, fileName);
        }
        statement.executeUpdate();
      }
      LOG.debugf("import merge: %d ms for %s", (System.nanoTime() - started) / 1_000_000,
          sql.substring(0, Math.min(60, sql.length())));
    }
    try (Statement statement = connection.createStatement();
        var result = statement.executeQuery("SELECT count(*) FROM import_stage")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Invalid records under skip-invalid: one JSON line each with the line number and the reason. */
  private final class RejectsWriter implements AutoCloseable {
    private final BufferedWriter out;
    private long count;

    RejectsWriter(Path file) throws IOException {
      this.out = file == null ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void write(DatasetFormatException e) throws IOException {
      count++;
      out.write(json.writeValueAsString(Map.of(
          "line", e.line(), "field", String.valueOf(e.field()), "error", e.getMessage())));
      out.newLine();
    }

    long count() {
      return count;
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }
}
