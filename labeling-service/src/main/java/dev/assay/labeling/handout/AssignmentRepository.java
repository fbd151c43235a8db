package dev.assay.labeling.handout;

import dev.assay.platform.jdbc.Sql;
import dev.assay.store.record.ComparisonContent;
import dev.assay.store.record.ComparisonContentSql;
import dev.assay.store.record.HumanJudgement;
import dev.assay.store.record.PreferenceSql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * The hand-out's SQL. Every change to an item's free slots (claim, submit, renewing an expired lease)
 * first locks the {@code campaign_item} row; the time is always a parameter (the injectable clock).
 */
@ApplicationScoped
public class AssignmentRepository {
  private static final String ASSIGNMENT_COLUMNS =
      "a.id, a.campaign_item_id, a.campaign_id, i.comparison_id, a.rater, a.state, a.a_shown_left, a.leased_at,"
          + " a.lease_expires_at, i.gold";
  private static final String ASSIGNMENT_TABLES = " FROM assignment a JOIN campaign_item i ON i.id = a.campaign_item_id";
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

  /** An assignment with the terms of its campaign. */
  public record Owned(Assignment assignment, CampaignTerms campaign) {}

  public Optional<Owned> find(long id) {
    return sql.one("SELECT " + ASSIGNMENT_COLUMNS + ", " + CampaignTerms.COLUMNS + ASSIGNMENT_TABLES
            + " JOIN campaign c ON c.id = a.campaign_id WHERE a.id = ?",
        row -> new Owned(assignment(row), CampaignTerms.read(row)), id);
  }

  /**
   * Where a rater stands in a campaign, read in one statement for the hand-out: the campaign's terms, the
   * rater's pool membership and pause, and their unexpired lease, if any.
   */
  public record Standing(CampaignTerms campaign, AssignmentPolicy.Membership membership, Optional<Assignment> live) {}

  public Optional<Standing> standing(long campaignId, String rater, Instant now) {
    return sql.one(
        "SELECT l.*, " + CampaignTerms.COLUMNS + ","
            + " EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.in_pool) AS pool_defined,"
            + " m.in_pool, m.paused, m.pause_reason FROM campaign c"
            + " LEFT JOIN LATERAL (SELECT " + ASSIGNMENT_COLUMNS + ASSIGNMENT_TABLES + " WHERE a.campaign_id = c.id AND a.rater = ?"
            + " AND a.state = 'LEASED' AND a.lease_expires_at > ? ORDER BY a.id LIMIT 1) l ON true"
            + " CROSS JOIN LATERAL (SELECT coalesce(bool_or(r.in_pool), false) AS in_pool,"
            + " coalesce(bool_or(r.paused_at IS NOT NULL), false) AS paused, max(r.pause_reason) AS pause_reason"
            + " FROM campaign_rater r WHERE r.campaign_id = c.id AND r.rater = ?) m"
            + " WHERE c.id = ?",
        row -> new Standing(
            CampaignTerms.read(row),
            new AssignmentPolicy.Membership(row.getBoolean("pool_defined"), row.getBoolean("in_pool"),
                row.getBoolean("paused"), row.getString("pause_reason")),
            row.getObject(1) == null ? Optional.empty() : Optional.of(assignment(row))),
        rater,
        now,
        rater,
        campaignId);
  }

  /** An item locked for a claim: its id and comparison. */
  public record Candidate(long itemId, long comparisonId) {}

  /**
   * Locks the first item this rater has never been given and that has a free slot, skipping items other
   * transactions hold. The slot count is read with the statement's snapshot, which may predate commits
   * made while this statement waited: {@link #insertIfClaimable} confirms it before the item is used.
   *
   * <p>{@code OFFSET 0} keeps "never given to this rater" a probe of the (item, rater) key per candidate.
   * Without it PostgreSQL may turn the NOT EXISTS into a merge anti-join that reads every assignment the
   * rater ever had, in all campaigns: with 15,000 of them the claim took 11 ms instead of 0.2 ms, and a
   * busy rater's claims slowed down as their history grew.
   */
  public Optional<Candidate> lockCandidate(long campaignId, boolean gold, String rater, Instant now,
      Collection<Long> tried) {
    return sql.one(
        LOCK_CANDIDATE,
        row -> new Candidate(row.getLong(1), row.getLong(2)),
        campaignId,
        gold,
        tried,
        rater,
        now);
  }

  /** Parameters: campaign, gold, items already tried, rater, now. */
  static final String LOCK_CANDIDATE =
      "SELECT i.id, i.comparison_id FROM campaign_item i WHERE i.campaign_id = ? AND i.gold = ?"
          + " AND i.completed < i.required AND i.id <> ALL(?::bigint[])"
          + " AND NOT EXISTS (SELECT 1 FROM assignment s WHERE s.campaign_item_id = i.id AND s.rater = ? OFFSET 0)"
          + " AND i.completed + " + LIVE_LEASES + " < i.required"
          + " ORDER BY i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED";

  /** A new lease with the content of its comparison. */
  public record Leased(Assignment assignment, ComparisonContent content) {}

  /**
   * Leases the locked item to the rater if it still has a free slot and was never given to them; empty
   * otherwise. The check and the insert are one new statement, whose snapshot sees every commit made
   * before the item's lock was granted, so the check is exact while the lock is held (and it saves the
   * round trip of a separate re-check); the same statement reads the task's content.
   */
  public Optional<Leased> insertIfClaimable(Candidate item, long campaignId, String rater, boolean gold,
      boolean aShownLeft, Instant now, Instant expires) {
    return sql.one(
        "WITH ins AS (INSERT INTO assignment (campaign_item_id, campaign_id, rater, state, a_shown_left, leased_at,"
            + " lease_expires_at) SELECT i.id, ?, ?, 'LEASED', ?, ?, ? FROM campaign_item i WHERE i.id = ?"
            + " AND i.required - i.completed - " + LIVE_LEASES + " > 0"
            + " ON CONFLICT (campaign_item_id, rater) DO NOTHING RETURNING id, leased_at, lease_expires_at)"
            + " SELECT ins.id, ins.leased_at, ins.lease_expires_at, " + ComparisonContentSql.columnsFrom()
            + " CROSS JOIN ins" + ComparisonContentSql.whereId(),
        row -> new Leased(
            new Assignment(row.getLong("id"), item.itemId(), campaignId, item.comparisonId(), rater, "LEASED",
                aShownLeft, Sql.instant(row, "leased_at"), Sql.instant(row, "lease_expires_at"), gold),
            ComparisonContentSql.read(row)),
        campaignId,
        rater,
        aShownLeft,
        now,
        expires,
        item.itemId(),
        now,
        item.comparisonId());
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

  /** An assignment and its item, both locked, with the terms of their campaign and the rater's standing in it. */
  public record Locked(Item item, Assignment assignment, CampaignTerms campaign, AssignmentPolicy.Membership membership) {}

  /**
   * Locks an assignment and its item in one statement and returns their current state, the campaign's
   * terms and the rater's pool membership and pause (read, not locked). Item first, as in every other path
   * that locks both, so that two of them cannot deadlock.
   */
  public Optional<Locked> lock(long assignmentId) {
    return sql.one(
        "SELECT " + ASSIGNMENT_COLUMNS + ", i.gold_choice, i.required, i.completed, " + CampaignTerms.COLUMNS + ","
            + " EXISTS (SELECT 1 FROM campaign_rater p WHERE p.campaign_id = c.id AND p.in_pool) AS pool_defined,"
            + " coalesce(m.in_pool, false) AS in_pool, m.paused_at IS NOT NULL AS paused, m.pause_reason"
            + " FROM campaign_item i JOIN assignment a ON a.campaign_item_id = i.id"
            + " JOIN campaign c ON c.id = a.campaign_id"
            + " LEFT JOIN campaign_rater m ON m.campaign_id = a.campaign_id AND m.rater = a.rater"
            + " WHERE a.id = ? FOR UPDATE OF i, a",
        row -> new Locked(
            new Item(row.getLong(2), row.getLong(3), row.getLong(4), row.getBoolean(10), row.getString(11),
                row.getInt(12), row.getInt(13)),
            assignment(row),
            CampaignTerms.read(row),
            new AssignmentPolicy.Membership(row.getBoolean("pool_defined"), row.getBoolean("in_pool"),
                row.getBoolean("paused"), row.getString("pause_reason"))),
        assignmentId);
  }

  public void renew(long id, Instant expires) {
    sql.update("UPDATE assignment SET lease_expires_at = ? WHERE id = ?", expires, id);
  }

  public void finish(long id, String state, Instant now, String reason) {
    sql.update(
        "UPDATE assignment SET state = ?, finished_at = ?, skip_reason = ? WHERE id = ?", state, now, reason, id);
  }

  /**
   * A stored judgement: its preference row, the item's completed count after it, how many judgements
   * the rater now has in the campaign, and whether the rater is exempt from the automatic quality check
   * (paused already, or resumed by an admin).
   */
  public record Stored(long preferenceId, int completed, long ratersJudgements, boolean qualityExempt) {}

  /**
   * Stores a judgement of a locked item in one statement: inserts the preference row (the store's
   * statement), marks the assignment SUBMITTED, counts the judgement on the item and on the rater's
   * {@code campaign_rater} row (created on their first judgement, outside the pool). The rater's row is
   * locked after the item and before the campaign row, the order every path that locks them keeps.
   */
  public Stored storeJudgement(HumanJudgement judgement, long itemId) {
    Object[] preference = judgement.parameters();
    Object[] params = Arrays.copyOf(preference, preference.length + 5);
    params[preference.length] = judgement.judgedAt();
    params[preference.length + 1] = judgement.assignmentId();
    params[preference.length + 2] = itemId;
    params[preference.length + 3] = judgement.campaignId();
    params[preference.length + 4] = judgement.rater();
    return sql.one(
            "WITH p AS (" + PreferenceSql.insertHumanJudgement() + "),"
                + " f AS (UPDATE assignment SET state = 'SUBMITTED', finished_at = ?, skip_reason = NULL WHERE id = ?),"
                + " c AS (UPDATE campaign_item SET completed = completed + 1 WHERE id = ? RETURNING completed),"
                + " r AS (INSERT INTO campaign_rater (campaign_id, rater, judgements) VALUES (?, ?, 1)"
                + " ON CONFLICT (campaign_id, rater) DO UPDATE SET judgements = campaign_rater.judgements + 1"
                + " RETURNING judgements, paused_at IS NOT NULL OR resumed_by IS NOT NULL AS exempt)"
                + " SELECT p.id, c.completed, r.judgements, r.exempt FROM p, c, r",
            row -> new Stored(row.getLong(1), row.getInt(2), row.getLong(3), row.getBoolean(4)),
            params)
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
