package dev.assay.store.dataset;

import dev.assay.platform.jdbc.Sql;
import dev.assay.store.record.Choice;
import dev.assay.store.record.ComparisonContent;
import dev.assay.store.record.ComparisonContentSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** What a dataset holds, for other modules, in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DatasetContents {
  private final Sql sql;

  public DatasetContents(Sql sql) {
    this.sql = sql;
  }

  /** One candidate response of a candidates dataset, by content hash. */
  public record Candidate(String promptHash, String responseHash, String generator) {}

  public Optional<Long> idByName(String name) {
    return sql.one("SELECT id FROM dataset WHERE name = ?", row -> row.getLong(1), name);
  }

  /** The distinct comparisons of the dataset's judged records, by id. */
  public List<Long> comparisonIds(long datasetId) {
    return sql.list(
        "SELECT DISTINCT comparison_id FROM dataset_record WHERE dataset_id = ? AND comparison_id IS NOT NULL"
            + " ORDER BY comparison_id",
        row -> row.getLong(1),
        datasetId);
  }

  /** The dataset's candidate responses, grouped by prompt (ordered by prompt hash, then import order). */
  public List<Candidate> candidates(long datasetId) {
    return sql.list(
        "SELECT c.prompt_hash, c.response_hash, c.generator FROM dataset_record dr"
            + " JOIN candidate c ON c.id = dr.candidate_id WHERE dr.dataset_id = ? ORDER BY c.prompt_hash, c.id",
        row -> new Candidate(row.getString(1), row.getString(2), row.getString(3)),
        datasetId);
  }

  /** Replaces the dataset's description; returns whether the dataset exists. */
  public boolean describe(long datasetId, String description) {
    return sql.update("UPDATE dataset SET description = ? WHERE id = ?", description, datasetId) > 0;
  }

  /** A judged record: the comparison's content and the judgement's choice. */
  public record JudgedPair(ComparisonContent content, Choice choice) {}

  /** The first {@code limit} judged records of the dataset called {@code name}, in import order. */
  public List<JudgedPair> judgedPairs(String name, int limit) {
    return sql.list(
        "SELECT j.choice, " + ComparisonContentSql.columnsFrom()
            + " JOIN dataset_record r ON r.comparison_id = c.id JOIN dataset d ON d.id = r.dataset_id"
            + " JOIN preference j ON j.id = r.preference_id WHERE d.name = ? ORDER BY r.id LIMIT ?",
        row -> new JudgedPair(ComparisonContentSql.read(row), Choice.valueOf(row.getString("choice"))),
        name, limit);
  }
}
