package dev.assay.store.dataset;

import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Browsing a dataset's records, a page at a time, in import order. */
@ApplicationScoped
public class DatasetRecords {
  public static final int MAX_PAGE_SIZE = 500;
  public static final int DEFAULT_PAGE_SIZE = 50;

  private final EntityManager entityManager;

  public DatasetRecords(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** One response of a record. */
  public record ResponseView(String text, String generator) {}

  /**
   * One record as imported: a judged pair (choice A/B/TIE/BOTH_BAD, responses A and B) or one
   * candidate response (choice null), with where it came from.
   */
  public record RecordView(
      long id, List<Message> prompt, List<ResponseView> responses, String choice, Double strength,
      String sourceFile, Long line, String originalId) {}

  /** A page of records; {@code total} counts every record that matches the filter. */
  public record RecordPage(int page, int size, long total, List<RecordView> items) {}

  /**
   * A page of the dataset's records in import order.
   *
   * @param page 0-based page number
   * @param size records per page, 1 to {@value #MAX_PAGE_SIZE}
   * @param choice only judgements with this choice (A, B, TIE, BOTH_BAD), or null
   * @param generator only records one of whose responses this model generated, or null
   */
  @Transactional
  public RecordPage page(String datasetName, int page, int size, String choice, String generator) {
    PageRequest request = PageRequest.of(page, size, MAX_PAGE_SIZE);
    String wantedChoice = choice == null || choice.isBlank() ? null : choice(choice);
    String wantedGenerator = generator == null || generator.isBlank() ? null : generator;
    long datasetId = Dataset.findByName(datasetName)
        .orElseThrow(() -> ProblemException.notFound("dataset", datasetName)).id;
    String where = " FROM dataset_record r"
        + " LEFT JOIN comparison c ON c.id = r.comparison_id"
        + " LEFT JOIN candidate k ON k.id = r.candidate_id"
        + " LEFT JOIN preference p ON p.id = r.preference_id"
        + " WHERE r.dataset_id = ?1"
        + " AND (CAST(?2 AS text) IS NULL OR p.choice = CAST(?2 AS text))"
        + " AND (CAST(?3 AS text) IS NULL OR CAST(?3 AS text) IN (c.generator_a, c.generator_b, k.generator))";
    long total = ((Number) entityManager.createNativeQuery("SELECT count(*)" + where)
        .setParameter(1, datasetId).setParameter(2, wantedChoice).setParameter(3, wantedGenerator)
        .getSingleResult()).longValue();
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "SELECT r.id, CAST(pr.messages AS text), ta.body, coalesce(c.generator_a, k.generator), tb.body,"
                + " c.generator_b, p.choice, p.strength, r.source_file, r.line_no, r.original_id"
                + where.replace(" WHERE", " JOIN prompt pr ON pr.hash = coalesce(c.prompt_hash, k.prompt_hash)"
                    + " JOIN text_blob ta ON ta.hash = coalesce(c.response_a_hash, k.response_hash)"
                    + " LEFT JOIN text_blob tb ON tb.hash = c.response_b_hash WHERE")
                + " ORDER BY r.id LIMIT ?4 OFFSET ?5")
        .setParameter(1, datasetId).setParameter(2, wantedChoice).setParameter(3, wantedGenerator)
        .setParameter(4, request.size()).setParameter(5, request.offset())
        .getResultList();
    List<RecordView> items = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      List<ResponseView> responses = new ArrayList<>(2);
      responses.add(new ResponseView((String) row[2], (String) row[3]));
      if (row[4] != null) {
        responses.add(new ResponseView((String) row[4], (String) row[5]));
      }
      items.add(new RecordView(((Number) row[0]).longValue(), Messages.decode((String) row[1]), responses, (String) row[6],
          row[7] == null ? null : ((Number) row[7]).doubleValue(), (String) row[8],
          row[9] == null ? null : ((Number) row[9]).longValue(), (String) row[10]));
    }
    return new RecordPage(page, size, total, items);
  }

  private static String choice(String value) {
    try {
      return Choice.valueOf(value.trim().toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("choice", "choice must be A, B, TIE or BOTH_BAD, not \"" + value + "\"");
    }
  }
}
