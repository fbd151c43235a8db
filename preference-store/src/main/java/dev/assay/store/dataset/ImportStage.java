package dev.assay.store.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import dev.assay.store.text.ContentHash;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Streams records into a temporary staging table with PostgreSQL {@code COPY}, the fastest way in;
 * {@link DatasetImporter} then merges the table into the store with a few set-based statements.
 * Memory stays constant: rows are flushed in 256 KiB chunks.
 */
final class ImportStage implements AutoCloseable {
  static final String TABLE = "import_stage";
  private static final int FLUSH_BYTES = 256 * 1024;

  private final CopyIn copy;
  private final ObjectMapper json;
  private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
  private boolean ended;
  private long seq;

  ImportStage(Connection connection, ObjectMapper json) throws SQLException {
    this.json = json;
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE " + TABLE + " ("
              + " seq bigint, line_no bigint, original_id text, record_hash char(64), source text,"
              + " prompt_hash char(64), prompt_json text,"
              + " a_hash char(64), a_body text, generator_a text, metadata_a text,"
              + " b_hash char(64), b_body text, generator_b text, metadata_b text,"
              + " item_hash char(64), choice text, strength double precision, preference_id bigint"
              + ") ON COMMIT DROP");
    }
    copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + TABLE + " (seq, line_no, original_id, record_hash, source, prompt_hash, prompt_json,"
                + " a_hash, a_body, generator_a, metadata_a, b_hash, b_body, generator_b, metadata_b,"
                + " item_hash, choice, strength) FROM STDIN WITH (FORMAT csv)");
  }

  /**
   * Stages one record; a candidates record with k responses becomes k rows (one per candidate).
   *
   * @param source the preference source for judged records (IMPORTED or AI_JUDGE)
   */
  void add(PreferenceRecord record, String source) throws SQLException {
    String promptJson = toJson(record.prompt());
    String promptHash = ContentHash.of(promptJson);
    if (record.isCandidates()) {
      for (ResponseText response : record.responses()) {
        String responseHash = ContentHash.of(response.text());
        String itemHash = ContentHash.ofParts("candidate", promptHash, responseHash, response.generator());
        row(record, null, itemHash, promptJson, promptHash, response, responseHash, null, null, itemHash, null);
      }
      return;
    }
    ResponseText a = record.responses().get(0);
    ResponseText b = record.responses().get(1);
    String aHash = ContentHash.of(a.text());
    String bHash = ContentHash.of(b.text());
    String itemHash = ContentHash.ofParts("comparison", promptHash, aHash, a.generator(), bHash, b.generator());
    String recordHash =
        ContentHash.ofParts(itemHash, record.choice().name(), String.valueOf(record.strength()));
    row(record, source, recordHash, promptJson, promptHash, a, aHash, b, bHash, itemHash, record.choice());
  }

  private void row(
      PreferenceRecord record, String source, String recordHash, String promptJson, String promptHash,
      ResponseText a, String aHash, ResponseText b, String bHash, String itemHash, Choice choice)
      throws SQLException {
    // seq keeps the file's order (and a candidates record's response order) for dataset_record ids.
    field(String.valueOf(++seq));
    field(String.valueOf(record.line()));
    field(record.originalId());
    field(recordHash);
    field(source);
    field(promptHash);
    field(promptJson);
    field(aHash);
    field(a.text());
    field(a.generator());
    field(toJson(a.metadata()));
    field(bHash);
    field(b == null ? null : b.text());
    field(b == null ? null : b.generator());
    field(b == null ? null : toJson(b.metadata()));
    field(itemHash);
    field(choice == null ? null : choice.name());
    buffer.append(record.strength() == null ? "" : record.strength().toString()).append('\n');
    if (buffer.length() >= FLUSH_BYTES) {
      flush();
    }
  }

  /** A CSV field: always quoted, so only an unquoted empty field means NULL. */
  private void field(String value) {
    if (value != null) {
      buffer.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"') {
          buffer.append('"');
        }
        buffer.append(c);
      }
      buffer.append('"');
    }
    buffer.append(',');
  }

  private void flush() throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  /** Ends the COPY; the staged rows are then visible in {@link #TABLE}. */
  void finish() throws SQLException {
    flush();
    copy.endCopy();
    ended = true;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    if (!ended && copy.isActive()) {
      copy.cancelCopy();
    }
  }
}
