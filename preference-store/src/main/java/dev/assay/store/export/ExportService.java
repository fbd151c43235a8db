package dev.assay.store.export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetContents;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetWriters;
import dev.assay.store.dataset.format.RecordWriter;
import dev.assay.store.dataset.format.UnsupportedRecordException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Messages;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Streams a dataset's or a snapshot's records into one of the {@link DatasetWriters} formats.
 *
 * <p>Rows come from a server-side cursor (JDBC fetch size inside a read-only transaction), so memory
 * stays flat whatever the size. A dataset exports in import order ({@code dataset_record.id}) with its
 * original ids, generators and metadata; the responses of one candidates record (one source line) are
 * written back as one record. A snapshot exports in its frozen, stable order (comparison content hash,
 * then preference id). Records the format cannot express are skipped and counted per reason in the
 * returned {@link ExportSummary}; nothing is dropped silently.
 */
@ApplicationScoped
public class ExportService {
  private static final Logger LOG = Logger.getLogger(ExportService.class);
  private static final int FETCH_SIZE = 500;
  private static final int MAX_REASONS = 50;
  private static final Set<String> SPLITS = Set.of("train", "validation", "test");

  private static final String DATASET_ROWS =
      "SELECT r.original_id, r.line_no, r.source_file, r.candidate_id IS NOT NULL,"
          + " CAST(pr.messages AS text), ta.body, coalesce(c.generator_a, k.generator),"
          + " CAST(coalesce(c.metadata_a, k.metadata) AS text), tb.body, c.generator_b, CAST(c.metadata_b AS text),"
          + " p.choice, p.strength"
          + " FROM dataset_record r"
          + " LEFT JOIN comparison c ON c.id = r.comparison_id"
          + " LEFT JOIN candidate k ON k.id = r.candidate_id"
          + " LEFT JOIN preference p ON p.id = r.preference_id"
          + " JOIN prompt pr ON pr.hash = coalesce(c.prompt_hash, k.prompt_hash)"
          + " JOIN text_blob ta ON ta.hash = coalesce(c.response_a_hash, k.response_hash)"
          + " LEFT JOIN text_blob tb ON tb.hash = c.response_b_hash"
          + " WHERE r.dataset_id = ? ORDER BY r.id";

  private static final String SNAPSHOT_ROWS =
      "SELECT coalesce(r.original_id, CAST(p.id AS text)), r.line_no, r.source_file, false,"
          + " CAST(pr.messages AS text), ta.body, c.generator_a, CAST(c.metadata_a AS text),"
          + " tb.body, c.generator_b, CAST(c.metadata_b AS text), p.choice, p.strength"
          + " FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
          + " JOIN comparison c ON c.id = p.comparison_id JOIN prompt pr ON pr.hash = c.prompt_hash"
          + " JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash"
          + " LEFT JOIN dataset_record r ON r.preference_id = p.id"
          + " WHERE s.snapshot_id = ? AND (cardinality(CAST(? AS text[])) = 0 OR s.split = ANY(CAST(? AS text[])))"
          + " ORDER BY c.content_hash, p.id";

  private final AgroalDataSource dataSource;
  private final Sql sql;
  private final DatasetContents datasets;
  private final ObjectReader metadataReader;

  public ExportService(AgroalDataSource dataSource, Sql sql, DatasetContents datasets, ObjectMapper json) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.datasets = datasets;
    this.metadataReader = json.readerFor(new TypeReference<Map<String, Object>>() {});
  }

  /**
   * The writable format called {@code name}.
   *
   * @throws ProblemException 422 for an unknown or import-only format
   */
  public static DatasetFormat writableFormat(String name) {
    if (name == null || name.isBlank()) {
      throw ProblemException.invalid("format", "format is required (trl, trl-conversational, hh-rlhf, openai,"
          + " alpaca-eval, candidates, csv, ...)");
    }
    DatasetFormat format;
    try {
      format = DatasetFormat.fromName(name);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("format", e.getMessage());
    }
    if (!format.canWrite()) {
      throw ProblemException.invalid("format", format.cliName() + " is import-only");
    }
    return format;
  }

  /** The split names, checked; an empty list means every split. */
  public static List<String> splits(List<String> splits) {
    List<String> checked = splits == null ? List.of() : splits.stream().filter(s -> s != null && !s.isBlank()).toList();
    for (String split : checked) {
      if (!SPLITS.contains(split)) {
        throw ProblemException.invalid("split", "split must be train, validation or test, not \"" + split + "\"");
      }
    }
    return checked;
  }

  /**
   * The id of the dataset called {@code name}.
   *
   * @throws ProblemException 404 when there is none
   */
  @Transactional
  public long datasetId(String name) {
    return datasets.idByName(name)
        .orElseThrow(() -> ProblemException.notFound("dataset", name));
  }

  /** @throws ProblemException 404 when the snapshot does not exist */
  @Transactional
  public void requireSnapshot(long id) {
    if (sql.one("SELECT 1 FROM snapshot WHERE id = ?", row -> true, id).isEmpty()) {
      throw ProblemException.notFound("snapshot", id);
    }
  }

  /**
   * Writes the dataset's records to {@code out} (left open) in import order.
   *
   * @throws ProblemException 404 when the dataset does not exist
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  @TransactionConfiguration(timeout = 3600)
  public ExportSummary exportDataset(String name, DatasetFormat format, OutputStream out) {
    long id = datasetId(name);
    return export("dataset " + name, format, out, DATASET_ROWS, statement -> statement.setLong(1, id));
  }

  /**
   * Writes the snapshot's records of the given splits (every split when empty) to {@code out} (left
   * open).
   *
   * @throws ProblemException 404 when the snapshot does not exist
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  @TransactionConfiguration(timeout = 3600)
  public ExportSummary exportSnapshot(long id, List<String> splits, DatasetFormat format, OutputStream out) {
    requireSnapshot(id);
    String[] wanted = splits(splits).toArray(String[]::new);
    return export("snapshot " + id, format, out, SNAPSHOT_ROWS, statement -> {
      statement.setLong(1, id);
      statement.setArray(2, statement.getConnection().createArrayOf("text", wanted));
      statement.setArray(3, statement.getConnection().createArrayOf("text", wanted));
    });
  }

  /** Counts what an export would write and skip, without keeping the output. */
  public ExportSummary summarizeDataset(String name, DatasetFormat format) {
    return exportDataset(name, format, OutputStream.nullOutputStream());
  }

  public ExportSummary summarizeSnapshot(long id, List<String> splits, DatasetFormat format) {
    return exportSnapshot(id, splits, format, OutputStream.nullOutputStream());
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private ExportSummary export(String source, DatasetFormat format, OutputStream out, String sql, Binder binder) {
    Counter counter = new Counter();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        RecordWriter writer = DatasetWriters.open(format, new KeepOpen(out))) {
      // Inside the transaction (autocommit off) the driver reads through a cursor, FETCH_SIZE rows at a time.
      statement.setFetchSize(FETCH_SIZE);
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        CandidateGroup group = null;
        while (rows.next()) {
          if (rows.getBoolean(4)) {
            String sourceFile = rows.getString(3);
            long line = rows.getLong(2);
            String originalId = rows.getString(1);
            String prompt = rows.getString(5);
            if (group != null && !group.continues(sourceFile, line, originalId, prompt)) {
              counter.write(writer, group.record());
              group = null;
            }
            if (group == null) {
              group = new CandidateGroup(sourceFile, line, originalId, prompt);
            }
            group.responses.add(new ResponseText(rows.getString(6), rows.getString(7), metadata(rows.getString(8))));
            continue;
          }
          if (group != null) {
            counter.write(writer, group.record());
            group = null;
          }
          counter.write(writer, pair(rows));
        }
        if (group != null) {
          counter.write(writer, group.record());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Export of " + source + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExportSummary summary = new ExportSummary(source, format.cliName(), counter.exported, counter.skipped, counter.reasons);
    LOG.infof("Exported %s as %s: %d records, %d skipped %s", source, format.cliName(), summary.exported(),
        summary.skipped(), summary.skipReasons());
    return summary;
  }

  private PreferenceRecord pair(ResultSet rows) throws SQLException {
    String choice = rows.getString(12);
    double strength = rows.getDouble(13);
    Double boxedStrength = rows.wasNull() ? null : strength;
    return new PreferenceRecord(
        Messages.decode(rows.getString(5)),
        List.of(
            new ResponseText(rows.getString(6), rows.getString(7), metadata(rows.getString(8))),
            new ResponseText(rows.getString(9), rows.getString(10), metadata(rows.getString(11)))),
        // A comparison without a judgement exports as an unjudged pair (the writers refuse or show it).
        choice == null ? null : Choice.valueOf(choice),
        boxedStrength,
        rows.getString(1),
        rows.getLong(2));
  }

  private Map<String, Object> metadata(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return metadataReader.readValue(json);
    } catch (IOException e) {
      throw new IllegalStateException("Stored metadata is not a JSON object: " + e.getMessage(), e);
    }
  }

  /** The consecutive candidate rows of one source line: one candidates record with several responses. */
  private static final class CandidateGroup {
    private final String sourceFile;
    private final long line;
    private final String originalId;
    private final String prompt;
    private final List<ResponseText> responses = new ArrayList<>();

    CandidateGroup(String sourceFile, long line, String originalId, String prompt) {
      this.sourceFile = sourceFile;
      this.line = line;
      this.originalId = originalId;
      this.prompt = prompt;
    }

    boolean continues(String sourceFile, long line, String originalId, String prompt) {
      return line > 0 && this.line == line && java.util.Objects.equals(this.sourceFile, sourceFile)
          && java.util.Objects.equals(this.originalId, originalId) && this.prompt.equals(prompt);
    }

    PreferenceRecord record() {
      return new PreferenceRecord(Messages.decode(prompt), responses, null, null, originalId, line);
    }
  }

  private static final class Counter {
    long exported;
    long skipped;
    final Map<String, Long> reasons = new LinkedHashMap<>();

    void write(RecordWriter writer, PreferenceRecord record) throws IOException {
      try {
        writer.write(record);
        exported++;
      } catch (UnsupportedRecordException e) {
        skipped++;
        String reason = reasons.size() < MAX_REASONS || reasons.containsKey(e.getMessage()) ? e.getMessage() : "other";
        reasons.merge(reason, 1L, Long::sum);
      }
    }
  }

  /** The writers close what they write to; the caller owns {@code out}, so closing only flushes. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
