package dev.assay.store.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.store.record.Choice;
import dev.assay.store.record.ComparisonPair;
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
 * Memory stays bounded: rows are flushed in 256 KiB chunks, and the hashes of the texts already staged
 * (so that a text repeated across records is sent once) are capped at {@value #SEEN_CAPACITY}.
 */
final class ImportStage implements AutoCloseable {
  static final String TABLE = "import_stage";
  private static final int FLUSH_BYTES = 256 * 1024;
  /** Distinct texts remembered per import: 16 bytes each, 2x slots, so 16 MiB at most. */
  private static final int SEEN_CAPACITY = 512 * 1024;

  private final CopyIn copy;
  private final ObjectMapper json;
  private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
  private boolean ended;
  private long seq;
  // Texts and prompts already staged by this import: repeats are staged without their body.
  private final SeenHashes seen = new SeenHashes(SEEN_CAPACITY);

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
    String itemHash = ComparisonPair.contentHash(promptHash, aHash, a.generator(), bHash, b.generator());
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
    field(seen.add(promptHash) ? promptJson : null);
    field(aHash);
    field(seen.add(aHash) ? a.text() : null);
    field(a.generator());
    field(toJson(a.metadata()));
    field(bHash);
    field(b == null || !seen.add(bHash) ? null : b.text());
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

  /**
   * A bounded set of SHA-256 hex hashes, keyed by their first 128 bits (open addressing, no boxing).
   * Once full it accepts nothing more, so later repeats are simply staged again.
   */
  static final class SeenHashes {
    private final int capacity;
    private long[] slots = new long[2 * 4096];
    private int size;

    SeenHashes(int capacity) {
      this.capacity = capacity;
    }

    /** True when the hash was not in the set (and now is), or the set is full: stage the body then. */
    boolean add(String hexHash) {
      long high = Long.parseUnsignedLong(hexHash, 0, 16, 16);
      long low = Long.parseUnsignedLong(hexHash, 16, 32, 16);
      if (high == 0 && low == 0) {
        return true;
      }
      int slot = find(slots, high, low);
      if (slots[2 * slot] != 0 || slots[2 * slot + 1] != 0) {
        return false;
      }
      if (size >= capacity) {
        return true;
      }
      if (2 * (size + 1) > slots.length / 2) {
        grow();
        slot = find(slots, high, low);
      }
      slots[2 * slot] = high;
      slots[2 * slot + 1] = low;
      size++;
      return true;
    }

    /** The slot holding the key, or the empty slot where it belongs (load stays at most 1/2). */
    private static int find(long[] table, long high, long low) {
      int mask = table.length / 2 - 1;
      int i = (int) (low ^ (low >>> 32)) & mask;
      while ((table[2 * i] != 0 || table[2 * i + 1] != 0) && (table[2 * i] != high || table[2 * i + 1] != low)) {
        i = (i + 1) & mask;
      }
      return i;
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (int i = 0; i < slots.length; i += 2) {
        if (slots[i] != 0 || slots[i + 1] != 0) {
          int slot = find(bigger, slots[i], slots[i + 1]);
          bigger[2 * slot] = slots[i];
          bigger[2 * slot + 1] = slots[i + 1];
        }
      }
      slots = bigger;
    }
  }
}
