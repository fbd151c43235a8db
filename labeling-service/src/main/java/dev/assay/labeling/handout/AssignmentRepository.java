package dev.assay.labeling.handout;

import dev.assay.labeling.support.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The hand-out's SQL. Every change to an item's free slots (claim, submit, renewing an expired lease)
 * first locks the {@code campaign_item} row; the time is always a parameter (the injectable clock).
 */
@ApplicationScoped
public class AssignmentRepository {
  private static final String SELECT =
      "SELECT a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state, a.a_shown_left,"
          + " a.leased_at, a.lease_expires_at, i.gold FROM assignment a JOIN campaign_item i ON i.id = a.campaign_item_id";
  private static final String LIVE_LEASES =
      "(SELECT count(*) FROM assignment l WHERE l.campaign_item_id = i.id AND l.state = 'LEASED'"
          + " AND l.lease_expires_at > ?)";

  private final Sql sql;

  public AssignmentRepository(Sql sql) {
    this.sql = sql;
  }

  /** An item's state while its row is locked. */
  public record Item(long id, long campaignId, long comparisonId, boolean gold, String goldChoice, int required,
      int completed) {}

  public Optional<Assignment> find(long id) {
    return sql.one(SELECT + " WHERE a.id = ?", AssignmentRepository::assignment, id);
  }

  /** The rater's unexpired lease in the campaign, if any. */
  public Optional<Assignment> findLive(long campaignId, String rater, Instant now) {
    return sql.one(
        SELECT + " WHERE a.campaign_id = ? AND a.rater = ? AND a.state = 'LEASED' AND a.lease_expires_at > ?"
            + " ORDER BY a.id LIMIT 1",
        AssignmentRepository::assignment,
        campaignId,
        rater,
        now);
  }

  /** An item locked for a claim: its id and comparison. */
  public record Candidate(long itemId, long comparisonId) {}

  /**
   * Locks the first item this rater has never been given and that has a free slot, skipping items other
   * transactions hold. The slot count is read with the statement's snapshot, which may predate commits
   * made while this statement waited: {@link #insertIfClaimable} confirms it before the item is used.
   */
  public Optional<Candidate> lockCandidate(long campaignId, boolean gold, String rater, Instant now,
      Collection<Long> tried) {
    return sql.one(
        "SELECT i.id, i.comparison_id FROM campaign_item i WHERE i.campaign_id = ? AND i.gold = ?"
            + " AND i.completed < i.required AND i.id <> ALL(?::bigint[])"
            + " AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = ?)"
            + " AND i.completed + " + LIVE_LEASES + " < i.required"
            + " ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED",
        row -> new Candidate(row.getLong(1), row.getLong(2)),
        campaignId,
        gold,
        tried,
        rater,
        now);
  }

  /**
   * Leases the locked item to the rater if it still has a free slot and was never given to them; empty
   * otherwise. The check and the insert are one new statement, whose snapshot sees every commit made
   * before the item's lock was granted, so the check is exact while the lock is held (and it saves the
   * round trip of a separate re-check).
   */
  public Optional<Assignment> insertIfClaimable(Candidate item, long campaignId, String rater, boolean gold,
      boolean aShownLeft, Instant now, Instant expires) {
    return sql.one(
        "INSERT INTO assignment (campaign_item_id, campaign_id, rater, state, a_shown_left, leased_at, lease_expires_at)"
            + " SELECT i.id, ?, ?, 'LEASED', ?, ?, ? FROM campaign_item i WHERE i.id = ?"
            + " AND i.required - i.completed - " + LIVE_LEASES + " > 0"
            + " ON CONFLICT (campaign_item_id, rater) DO NOTHING RETURNING id, leased_at, lease_expires_at",
        row -> new Assignment(row.getLong(1), item.itemId(), campaignId, item.comparisonId(), rater, "LEASED",
            aShownLeft, Sql.instant(row, "leased_at"), Sql.instant(row, "lease_expires_at"), gold),
        campaignId,
        rater,
        aShownLeft,
        now,
        expires,
        item.itemId(),
        now);
  }

  /** Free slots of a locked item: required minus completed minus unexpired leases. */
  public int freeSlots(long itemId, Instant now) {
    return sql.one(
            "SELECT i.required - i.completed - " + LIVE_LEASES + " FROM campaign_item i WHERE i.id = ?",
            row -> row.getInt(1),
            now,
            itemId)
        .orElse(0);
  }

  public Item lockItem(long itemId) {
    return sql.one(
            "SELECT id, campaign_id, comparison_id, gold, gold_choice, required, completed FROM campaign_item"
                + " WHERE id = ? FOR UPDATE",
            row -> new Item(row.getLong(1), row.getLong(2), row.getLong(3), row.getBoolean(4), row.getString(5),
                row.getInt(6), row.getInt(7)),
            itemId)
        .orElseThrow();
  }

  /** Locks the assignment and returns its current state (one statement). */
  public Assignment lock(long id) {
    return sql.one(SELECT + " WHERE a.id = ? FOR UPDATE OF a", AssignmentRepository::assignment, id).orElseThrow();
  }

  public void renew(long id, Instant expires) {
    sql.update("UPDATE assignment SET lease_expires_at = ? WHERE id = ?", expires, id);
  }

  public void finish(long id, String state, Instant now, String reason) {
    sql.update(
        "UPDATE assignment SET state = ?, finished_at = ?, skip_reason = ? WHERE id = ?", state, now, reason, id);
  }

  /** A stored judgement: its preference row and the item's completed count after it. */
  public record Stored(long preferenceId, int completed) {}

  /**
   * Stores a judgement of a locked item in one statement (three round trips before): inserts the
   * preference row, marks the assignment SUBMITTED and counts the judgement on the item.
   */
  public Stored storeJudgement(long assignmentId, long itemId, long comparisonId, long campaignId, String rater,
      Object choice, Double strength, String criteriaJson, List<String> flags, String rationale,
      boolean aShownLeft, Long timeSpentMs, Instant now) {
    return sql.one(
            "WITH p AS (INSERT INTO preference (comparison_id, source, rater, choice, strength, criteria, flags,"
                + " rationale, a_shown_left, time_spent_ms, campaign_id, assignment_id, judged_at)"
                + " VALUES (?, 'HUMAN', ?, ?, ?, CAST(? AS jsonb), ?::text[], ?, ?, ?, ?, ?, ?) RETURNING id),"
                + " f AS (UPDATE assignment SET state = 'SUBMITTED', finished_at = ?, skip_reason = NULL WHERE id = ?),"
                + " c AS (UPDATE campaign_item SET completed = completed + 1 WHERE id = ? RETURNING completed)"
                + " SELECT p.id, c.completed FROM p, c",
            row -> new Stored(row.getLong(1), row.getInt(2)),
            comparisonId, rater, choice, strength, criteriaJson, flags, rationale, aShownLeft, timeSpentMs,
            campaignId, assignmentId, now,
            now, assignmentId,
            itemId)
        .orElseThrow();
  }

  private static Assignment assignment(ResultSet row) throws SQLException {
    return new Assignment(
        row.getLong(1),
        row.getLong(2),
        row.getLong(3),
        row.getLong(4),
        row.getString(5),
        row.getString(6),
        row.getBoolean(7),
        Sql.instant(row, "leased_at"),
        Sql.instant(row, "lease_expires_at"),
        row.getBoolean(10));
  }
}
