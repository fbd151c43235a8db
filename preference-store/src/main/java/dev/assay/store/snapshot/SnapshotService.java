package dev.assay.store.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Messages;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freezes filtered views of the store for training.
 *
 * <p>A snapshot lists the exact preference rows it holds, so records added later never change it. The
 * split is a function of the prompt's hash: one prompt never lands in two splits, and the same filter
 * over the same data gives the same split and the same content hash.
 */
@ApplicationScoped
public class SnapshotService {
  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final Instance<SnapshotLineageContributor> contributors;

  public SnapshotService(
      EntityManager entityManager, ObjectMapper json, Instance<SnapshotLineageContributor> contributors) {
    this.entityManager = entityManager;
    this.json = json;
    this.contributors = contributors;
  }

  /** A snapshot as listed: summary plus who froze it and when. */
  public record SnapshotListItem(
      long id, String name, String contentHash, Map<String, Long> counts, String createdBy, Instant createdAt) {}

  /** A dataset a snapshot draws from. */
  public record DatasetRef(long id, String name) {}

  /**
   * Where a snapshot's records came from: its filter, the datasets and campaigns that contributed
   * records, the distinct raters (and reviewers), how many records are adjudicated labels, the counts, and
   * what other modules add ({@link SnapshotLineageContributor}, e.g. models trained on it).
   */
  public record SnapshotLineage(
      long id, String name, String contentHash, String createdBy, Instant createdAt, SnapshotFilter filter,
      Map<String, Long> counts, List<DatasetRef> datasets, List<Long> campaigns, List<String> raters,
      long adjudicated, Map<String, Object> extensions) {}

  /** A frozen snapshot's summary. */
  public record SnapshotSummary(long id, String name, String contentHash, Map<String, Long> counts) {}

  /** One record of a snapshot, as training reads it. */
  public record SnapshotRecord(PreferenceRecord record, String source, String split, Map<String, Object> criteria) {}

  @Transactional
  public SnapshotSummary create(String name, SnapshotFilter filter, String user) {
    if (name == null || name.isBlank()) {
      throw ProblemException.invalid("name", "name must not be blank");
    }
    if (filter.datasets().isEmpty() && filter.campaigns().isEmpty()) {
      throw ProblemException.invalid("filter", "a snapshot needs at least one dataset or campaign");
    }
    if (filter.validationFraction() < 0 || filter.testFraction() < 0
        || filter.validationFraction() + filter.testFraction() >= 1) {
      throw ProblemException.invalid("filter", "validation and test fractions must be >= 0 and sum to < 1");
    }
    long id = ((Number) entityManager
        .createNativeQuery("INSERT INTO snapshot (name, filter, content_hash, counts, created_by)"
            + " VALUES (?1, CAST(?2 AS jsonb), '', '{}', ?3) RETURNING id")
        .setParameter(1, name)
        .setParameter(2, toJson(filter))
        .setParameter(3, user)
        .getSingleResult()).longValue();
    entityManager
        .createNativeQuery("INSERT INTO snapshot_record (snapshot_id, preference_id, split)"
            + " SELECT DISTINCT ON (p.id) ?1, p.id,"
            + "   CASE WHEN b.bucket < ?2 THEN 'test' WHEN b.bucket < ?2 + ?3 THEN 'validation' ELSE 'train' END"
            + " FROM preference p JOIN comparison c ON c.id = p.comparison_id"
            + " CROSS JOIN LATERAL (SELECT ('x' || substr(c.prompt_hash, 1, 8))::bit(32)::bigint / 4294967296.0"
            + "   AS bucket) b"
            + " LEFT JOIN dataset_record r ON r.preference_id = p.id"
            + " LEFT JOIN dataset d ON d.id = r.dataset_id"
            + " WHERE (d.name = ANY(CAST(?4 AS text[])) OR p.campaign_id = ANY(CAST(?5 AS bigint[])))"
            // an adjudication stands in for human judgements, so a HUMAN source filter keeps it
            + "   AND (cardinality(CAST(?6 AS text[])) = 0 OR p.source = ANY(CAST(?6 AS text[]))"
            + "        OR (p.source = 'ADJUDICATED' AND 'HUMAN' = ANY(CAST(?6 AS text[]))))"
            + "   AND (NOT ?7 OR cardinality(p.flags) = 0)"
            + "   AND (?8 OR p.choice <> 'TIE') AND (?9 OR p.choice <> 'BOTH_BAD')"
            // adjudicated: a settled comparison's judgements give way to its adjudication; raw: the reverse
            + "   AND (?10 OR p.source <> 'ADJUDICATED')"
            + "   AND (NOT ?10 OR p.source <> 'HUMAN' OR p.campaign_id IS NULL OR NOT EXISTS (SELECT 1 FROM preference adj"
            + "        WHERE adj.source = 'ADJUDICATED' AND adj.campaign_id = p.campaign_id"
            + "        AND adj.comparison_id = p.comparison_id))")
        .setParameter(1, id)
        .setParameter(2, filter.testFraction())
        .setParameter(3, filter.validationFraction())
        .setParameter(4, filter.datasets().toArray(String[]::new))
        .setParameter(5, filter.campaigns().toArray(Long[]::new))
        .setParameter(6, filter.sources().toArray(String[]::new))
        .setParameter(7, filter.excludeFlagged())
        .setParameter(8, filter.includeTies())
        .setParameter(9, filter.includeBothBad())
        .setParameter(10, filter.judgements() == SnapshotFilter.Judgements.ADJUDICATED)
        .executeUpdate();
    // The content hash covers what a trainer sees: comparison content, judgement and split, in a fixed order.
    Object[] summary = (Object[]) entityManager
        .createNativeQuery("SELECT coalesce(encode(sha256(convert_to(string_agg("
            + "   c.content_hash || ':' || p.choice || ':' || coalesce(p.strength::text, '') || ':' || s.split,"
            + "   ',' ORDER BY c.content_hash, p.choice, p.strength, s.split), 'UTF8')), 'hex'), ''),"
            + " count(*) FILTER (WHERE s.split = 'train'), count(*) FILTER (WHERE s.split = 'validation'),"
            + " count(*) FILTER (WHERE s.split = 'test'), count(*) FILTER (WHERE p.choice = 'TIE')"
            + " FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
            + " JOIN comparison c ON c.id = p.comparison_id WHERE s.snapshot_id = ?1")
        .setParameter(1, id)
        .getSingleResult();
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("train", ((Number) summary[1]).longValue());
    counts.put("validation", ((Number) summary[2]).longValue());
    counts.put("test", ((Number) summary[3]).longValue());
    counts.put("ties", ((Number) summary[4]).longValue());
    if (counts.get("train") + counts.get("validation") + counts.get("test") == 0) {
      throw ProblemException.invalid("filter", "the filter matches no preferences");
    }
    entityManager
        .createNativeQuery("UPDATE snapshot SET content_hash = ?2, counts = CAST(?3 AS jsonb) WHERE id = ?1")
        .setParameter(1, id)
        .setParameter(2, summary[0])
        .setParameter(3, toJson(counts))
        .executeUpdate();
    return new SnapshotSummary(id, name, (String) summary[0], counts);
  }

  @Transactional
  public SnapshotSummary get(long id) {
    List<?> rows = entityManager
        .createNativeQuery("SELECT name, content_hash, CAST(counts AS text) FROM snapshot WHERE id = ?1")
        .setParameter(1, id)
        .getResultList();
    if (rows.isEmpty()) {
      throw ProblemException.notFound("snapshot", id);
    }
    Object[] row = (Object[]) rows.get(0);
    return new SnapshotSummary(id, (String) row[0], (String) row[1], counts((String) row[2]));
  }

  /** Every snapshot, newest first. */
  @Transactional
  public List<SnapshotListItem> list() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager
        .createNativeQuery("SELECT id, name, content_hash, CAST(counts AS text), created_by, created_at FROM snapshot"
            + " ORDER BY id DESC")
        .getResultList();
    List<SnapshotListItem> items = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      items.add(new SnapshotListItem(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
          counts((String) row[3]), (String) row[4], instant(row[5])));
    }
    return items;
  }

  /** @throws ProblemException 404 for a missing snapshot */
  @Transactional
  public SnapshotLineage lineage(long id) {
    List<?> found = entityManager
        .createNativeQuery("SELECT name, content_hash, CAST(counts AS text), created_by, created_at,"
            + " CAST(filter AS text) FROM snapshot WHERE id = ?1")
        .setParameter(1, id)
        .getResultList();
    if (found.isEmpty()) {
      throw ProblemException.notFound("snapshot", id);
    }
    Object[] row = (Object[]) found.get(0);
    @SuppressWarnings("unchecked")
    List<Object[]> datasetRows = entityManager
        .createNativeQuery("SELECT DISTINCT d.id, d.name FROM snapshot_record s"
            + " JOIN dataset_record r ON r.preference_id = s.preference_id JOIN dataset d ON d.id = r.dataset_id"
            + " WHERE s.snapshot_id = ?1 ORDER BY d.id")
        .setParameter(1, id)
        .getResultList();
    @SuppressWarnings("unchecked")
    List<Number> campaigns = entityManager
        .createNativeQuery("SELECT DISTINCT p.campaign_id FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
            + " WHERE s.snapshot_id = ?1 AND p.campaign_id IS NOT NULL ORDER BY 1")
        .setParameter(1, id)
        .getResultList();
    @SuppressWarnings("unchecked")
    List<String> raters = entityManager
        .createNativeQuery("SELECT DISTINCT p.rater FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
            + " WHERE s.snapshot_id = ?1 AND p.rater IS NOT NULL ORDER BY 1")
        .setParameter(1, id)
        .getResultList();
    long adjudicated = ((Number) entityManager
        .createNativeQuery("SELECT count(*) FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
            + " WHERE s.snapshot_id = ?1 AND p.source = 'ADJUDICATED'")
        .setParameter(1, id)
        .getSingleResult()).longValue();
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (SnapshotLineageContributor contributor : contributors) {
      extensions.put(contributor.key(), contributor.describe(id));
    }
    SnapshotFilter filter;
    try {
      filter = json.readValue((String) row[5], SnapshotFilter.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Stored snapshot filter is not valid JSON", e);
    }
    return new SnapshotLineage(id, (String) row[0], (String) row[1], (String) row[3], instant(row[4]), filter,
        counts((String) row[2]),
        datasetRows.stream().map(d -> new DatasetRef(((Number) d[0]).longValue(), (String) d[1])).toList(),
        campaigns.stream().map(Number::longValue).toList(), List.copyOf(raters), adjudicated, extensions);
  }

  private static Instant instant(Object value) {
    return switch (value) {
      case null -> null;
      case Instant instant -> instant;
      case java.time.OffsetDateTime time -> time.toInstant();
      case java.sql.Timestamp time -> time.toInstant();
      default -> throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    };
  }

  /** The snapshot's records of the given splits (all when none given), in a stable order. */
  @Transactional
  public List<SnapshotRecord> records(long snapshotId, String... splits) {
    get(snapshotId);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager
        .createNativeQuery("SELECT CAST(pr.messages AS text), ta.body, c.generator_a, tb.body, c.generator_b,"
            + " p.choice, p.strength, p.id, p.source, s.split, CAST(p.criteria AS text)"
            + " FROM snapshot_record s JOIN preference p ON p.id = s.preference_id"
            + " JOIN comparison c ON c.id = p.comparison_id JOIN prompt pr ON pr.hash = c.prompt_hash"
            + " JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash"
            + " WHERE s.snapshot_id = ?1 AND (cardinality(CAST(?2 AS text[])) = 0 OR s.split = ANY(CAST(?2 AS text[])))"
            + " ORDER BY c.content_hash, p.id")
        .setParameter(1, snapshotId)
        .setParameter(2, splits)
        .getResultList();
    List<SnapshotRecord> records = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      PreferenceRecord record = new PreferenceRecord(
          Messages.decode((String) row[0]),
          List.of(ResponseText.of((String) row[1], (String) row[2]), ResponseText.of((String) row[3], (String) row[4])),
          Choice.valueOf((String) row[5]),
          row[6] == null ? null : ((Number) row[6]).doubleValue(),
          String.valueOf(row[7]),
          0);
      records.add(new SnapshotRecord(record, (String) row[8], (String) row[9], fromJson((String) row[10])));
    }
    return records;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stored counts as longs (a plain map read would hold Integers), in the order they were written:
   * train, validation, test, ties (jsonb does not keep key order).
   */
  private Map<String, Long> counts(String text) {
    Map<String, Long> stored;
    try {
      stored = json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Long> ordered = new LinkedHashMap<>();
    for (String key : List.of("train", "validation", "test", "ties")) {
      if (stored.containsKey(key)) {
        ordered.put(key, stored.remove(key));
      }
    }
    ordered.putAll(stored);
    return ordered;
  }

  @SuppressWarnings("unchecked")
  private <V> Map<String, V> fromJson(String text) {
    try {
      return json.readValue(text, Map.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
