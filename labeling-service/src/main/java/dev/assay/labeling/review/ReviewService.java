package dev.assay.labeling.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.labeling.LabelingConfig;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.outbox.Outbox;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Comparisons;
import dev.assay.store.record.PreferenceSql;
import dev.assay.store.record.Preferences;
import dev.assay.store.record.RecordedJudgement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The review queue: completed comparisons whose judgements disagree too much, and their adjudication by
 * an admin. An adjudication is its own row beside the judgements; the judgements are never changed. The
 * adjudicated label is also recorded in the store, where a snapshot of the campaign takes it in place
 * of the judgements.
 */
@ApplicationScoped
public class ReviewService {
  private final Sql sql;
  private final Comparisons comparisons;
  private final Preferences preferences;
  private final Outbox outbox;
  private final LabelingConfig config;
  private final Clock clock;
  private final ObjectMapper json;

  public ReviewService(Sql sql, Comparisons comparisons, Preferences preferences, Outbox outbox,
      LabelingConfig config, Clock clock, ObjectMapper json) {
    this.sql = sql;
    this.comparisons = comparisons;
    this.preferences = preferences;
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
            "SELECT " + PreferenceSql.judgementColumns() + " FROM assignment a JOIN " + PreferenceSql.joinByAssignment("a.id")
                + " WHERE a.campaign_item_id = ? AND a.state = 'SUBMITTED' ORDER BY preference_id",
            row -> {
              RecordedJudgement judgement = PreferenceSql.read(row);
              Map<String, Object> j = new LinkedHashMap<>();
              j.put("preferenceId", judgement.id());
              j.put("rater", judgement.rater());
              j.put("choice", judgement.choice().name());
              j.put("strength", judgement.strength());
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
    return withContent(sql.list(SELECT + " WHERE r.campaign_id = ?" + filter + " ORDER BY r.id", this::item, params));
  }

  @Transactional
  public ReviewItem get(long id) {
    return withContent(sql.one(SELECT + " WHERE r.id = ?", this::item, id).stream().toList()).stream().findFirst()
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
    long preferenceId = preferences.recordAdjudication(new Preferences.Adjudication(item.comparisonId(),
        item.campaignId(), reviewer, choice, rationale, now));
    sql.update("UPDATE review_item SET state = 'RESOLVED' WHERE id = ?", reviewItemId);
    outbox.record("review.adjudicated", Map.of("reviewItemId", reviewItemId, "adjudicationId", id,
        "preferenceId", preferenceId,
        "campaignId", item.campaignId(), "comparisonId", item.comparisonId(), "choice", choice.name(),
        "reviewer", reviewer));
    return new Adjudication(id, reviewItemId, reviewer, choice, rationale, now);
  }

  private static final String SELECT =
      "SELECT r.id, r.campaign_id, r.comparison_id, r.agreement, r.state, CAST(r.judgements AS text) AS judgements,"
          + " d.id AS adj_id, d.reviewer, d.choice, d.rationale, d.created_at AS adj_at, r.created_at"
          + " FROM review_item r LEFT JOIN adjudication d ON d.review_item_id = r.id";

  /** The items with their comparisons' content from the store (an admin's view: one more round trip). */
  private List<ReviewItem> withContent(List<ReviewItem> items) {
    Map<Long, Comparisons.Described> described =
        comparisons.describe(items.stream().map(ReviewItem::comparisonId).distinct().toList());
    return items.stream()
        .flatMap(item -> Optional.ofNullable(described.get(item.comparisonId())).stream()
            .map(c -> new ReviewItem(item.id(), item.campaignId(), item.comparisonId(), item.agreement(), item.state(),
                item.judgements(), parse(c.content().promptMessages()), c.content().a(), c.content().b(),
                c.generatorA(), c.generatorB(), item.adjudication(), item.createdAt())))
        .toList();
  }

  /** An item without its comparison's content, which {@link #withContent} adds from the store. */
  private ReviewItem item(java.sql.ResultSet row) throws java.sql.SQLException {
    Long adjudicationId = Sql.nullableLong(row, "adj_id");
    Adjudication adjudication =
        adjudicationId == null ? null
            : new Adjudication(adjudicationId, row.getLong("id"), row.getString("reviewer"),
                Choice.valueOf(row.getString("choice")), row.getString("rationale"), Sql.instant(row, "adj_at"));
    return new ReviewItem(row.getLong("id"), row.getLong("campaign_id"), row.getLong("comparison_id"),
        row.getDouble("agreement"), row.getString("state"), parse(row.getString("judgements")),
        null, null, null, null, null, adjudication, Sql.instant(row, "created_at"));
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
