package dev.assay.labeling.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.LabelingConfig;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The review queue: completed comparisons whose judgements disagree too much, and their adjudication by
 * an admin. An adjudication is its own row beside the judgements; the judgements are never changed.
 */
@ApplicationScoped
public class ReviewService {
  private final Sql sql;
  private final Outbox outbox;
  private final LabelingConfig config;
  private final Clock clock;
  private final ObjectMapper json;

  public ReviewService(Sql sql, Outbox outbox, LabelingConfig config, Clock clock, ObjectMapper json) {
    this.sql = sql;
    this.outbox = outbox;
    this.config = config;
    this.clock = clock;
    this.json = json;
  }

  /** A queued comparison with its judgements and content (reviewers see A/B and the generators). */
  public record ReviewItem(long id, long campaignId, long comparisonId, double agreement, String state,
      JsonNode judgements, JsonNode prompt, String responseA, String responseB, String generatorA,
      String generatorB, Adjudication adjudication, Instant createdAt) {}

  /** A reviewer's decision. */
  public record Adjudication(long id, long reviewItemId, String reviewer, Choice choice, String rationale,
      Instant createdAt) {}

  /** Called in the submit transaction when an item got its last judgement. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void checkCompleted(long campaignId, long itemId, long comparisonId, Instant now) {
    List<Map<String, Object>> judgements =
        sql.list(
            "SELECT id, rater, choice, strength FROM preference WHERE assignment_id IN"
                + " (SELECT id FROM assignment WHERE campaign_item_id = ? AND state = 'SUBMITTED') ORDER BY id",
            row -> {
              Map<String, Object> j = new LinkedHashMap<>();
              j.put("preferenceId", row.getLong(1));
              j.put("rater", row.getString(2));
              j.put("choice", row.getString(3));
              j.put("strength", Sql.nullableDouble(row, "strength"));
              return j;
            },
            itemId);
    if (judgements.size() < 2) {
      return;
    }
    Map<Object, Integer> counts = new HashMap<>();
    judgements.forEach(j -> counts.merge(j.get("choice"), 1, Integer::sum));
    double agreement = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (double) judgements.size();
    if (agreement >= config.review().minAgreement()) {
      return;
    }
    int queued =
        sql.update(
            "INSERT INTO review_item (campaign_id, campaign_item_id, comparison_id, agreement, judgements, created_at)"
                + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?) ON CONFLICT (campaign_item_id) DO NOTHING",
            campaignId, itemId, comparisonId, agreement, write(judgements), now);
    if (queued == 1) {
      outbox.record("review.queued", Map.of("campaignId", campaignId, "comparisonId", comparisonId,
          "agreement", agreement));
    }
  }

  @Transactional
  public List<ReviewItem> list(long campaignId, String state) {
    if (sql.count("SELECT count(*) FROM campaign WHERE id = ?", campaignId) == 0) {
      throw ProblemException.notFound("campaign", campaignId);
    }
    String filter = state == null || state.isBlank() ? "" : " AND r.state = ?";
    Object[] params = filter.isEmpty() ? new Object[] {campaignId} : new Object[] {campaignId, state.toUpperCase()};
    return sql.list(SELECT + " WHERE r.campaign_id = ?" + filter + " ORDER BY r.id", this::item, params);
  }

  @Transactional
  public ReviewItem get(long id) {
    return sql.one(SELECT + " WHERE r.id = ?", this::item, id)
        .orElseThrow(() -> ProblemException.notFound("review item", id));
  }

  @Transactional
  public Adjudication adjudicate(long reviewItemId, String reviewer, Choice choice, String rationale) {
    if (choice == null) {
      throw ProblemException.invalid("choice", "choice (A, B, TIE or BOTH_BAD) is required");
    }
    ReviewItem item = get(reviewItemId);
    sql.one("SELECT id FROM review_item WHERE id = ? FOR UPDATE", row -> row.getLong(1), reviewItemId);
    if (sql.count("SELECT count(*) FROM adjudication WHERE review_item_id = ?", reviewItemId) > 0) {
      throw ProblemException.conflict("review item " + reviewItemId + " has already been adjudicated");
    }
    Instant now = clock.instant();
    long id =
        sql.one(
                "INSERT INTO adjudication (review_item_id, comparison_id, reviewer, choice, rationale, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                row -> row.getLong(1),
                reviewItemId, item.comparisonId(), reviewer, choice, rationale, now)
            .orElseThrow();
    sql.update("UPDATE review_item SET state = 'RESOLVED' WHERE id = ?", reviewItemId);
    outbox.record("review.adjudicated", Map.of("reviewItemId", reviewItemId, "adjudicationId", id,
        "campaignId", item.campaignId(), "comparisonId", item.comparisonId(), "choice", choice.name(),
        "reviewer", reviewer));
    return new Adjudication(id, reviewItemId, reviewer, choice, rationale, now);
  }

  private static final String SELECT =
      "SELECT r.id, r.campaign_id, r.comparison_id, r.agreement, r.state, CAST(r.judgements AS text) AS judgements,"
          + " CAST(p.messages AS text) AS messages, ta.body AS a, tb.body AS b, c.generator_a, c.generator_b,"
          + " d.id AS adj_id, d.reviewer, d.choice, d.rationale, d.created_at AS adj_at, r.created_at"
          + " FROM review_item r JOIN comparison c ON c.id = r.comparison_id JOIN prompt p ON p.hash = c.prompt_hash"
          + " JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash"
          + " LEFT JOIN adjudication d ON d.review_item_id = r.id";

  private ReviewItem item(java.sql.ResultSet row) throws java.sql.SQLException {
    Long adjudicationId = Sql.nullableLong(row, "adj_id");
    Adjudication adjudication =
        adjudicationId == null ? null
            : new Adjudication(adjudicationId, row.getLong("id"), row.getString("reviewer"),
                Choice.valueOf(row.getString("choice")), row.getString("rationale"), Sql.instant(row, "adj_at"));
    return new ReviewItem(row.getLong("id"), row.getLong("campaign_id"), row.getLong("comparison_id"),
        row.getDouble("agreement"), row.getString("state"), parse(row.getString("judgements")),
        parse(row.getString("messages")), row.getString("a"), row.getString("b"), row.getString("generator_a"),
        row.getString("generator_b"), adjudication, Sql.instant(row, "created_at"));
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
