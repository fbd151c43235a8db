package dev.assay.store.record;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.assay.platform.jdbc.Sql;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The store's SQL for preferences, for callers that must touch them inside a statement of their own:
 * the labeling service stores a judgement and updates its own rows in ONE statement (one round trip per
 * submit), and reads judgements with its assignments in one. Others use {@link Preferences}.
 *
 * <p>The fragments are methods, not constants: javac copies a constant's text into every caller's class
 * file, and the SQL would then live (and be checked) outside the store.
 */
public final class PreferenceSql {
  /**
   * Inserts a rater's judgement and returns its {@code id}; usable as a CTE ({@code WITH p AS (...)}).
   * Parameters, in order: {@link HumanJudgement#parameters()}.
   */
  public static String insertHumanJudgement() {
    return INSERT_HUMAN_JUDGEMENT;
  }

  private static final String INSERT_HUMAN_JUDGEMENT =
      "INSERT INTO preference (comparison_id, source, rater, choice, strength, criteria, flags, rationale,"
          + " a_shown_left, time_spent_ms, campaign_id, assignment_id, judged_at)"
          + " VALUES (?, 'HUMAN', ?, ?, ?, CAST(? AS jsonb), ?::text[], ?, ?, ?, ?, ?, ?) RETURNING id";

  /**
   * A select list of judgement {@code p} ({@link #joinByAssignment}), read with {@link #read}; order by
   * its {@code preference_id} column.
   */
  public static String judgementColumns() {
    return JUDGEMENT_COLUMNS;
  }

  private static final String JUDGEMENT_COLUMNS =
      "p.id AS preference_id, p.assignment_id, p.comparison_id, p.rater, p.choice, p.strength,"
          + " CAST(p.criteria AS text) AS criteria, p.flags, p.a_shown_left, p.time_spent_ms, p.judged_at";

  /**
   * The ids of the assignments of a rater's most recent judgements in a campaign, newest first: a
   * subquery with three parameters, campaign id, rater and how many (null for all). A short backward
   * scan of the (campaign_id, rater, id) index, however long the rater's history.
   */
  public static String recentJudgedAssignments() {
    return RECENT_JUDGED_ASSIGNMENTS;
  }

  private static final String RECENT_JUDGED_ASSIGNMENTS =
      "SELECT assignment_id FROM preference WHERE campaign_id = ? AND rater = ? AND source = 'HUMAN'"
          + " ORDER BY id DESC LIMIT ?";

  /**
   * A subquery of one campaign's verdict per comparison, to join on {@code comparison_id}: its raters'
   * {@code a_votes} and {@code b_votes}, and the {@code adjudicated} choice (the latest, null when none).
   * One parameter: the campaign id.
   */
  public static String campaignVerdicts() {
    return CAMPAIGN_VERDICTS;
  }

  private static final String CAMPAIGN_VERDICTS =
      "SELECT comparison_id,"
          + " count(*) FILTER (WHERE source = 'HUMAN' AND choice = 'A') AS a_votes,"
          + " count(*) FILTER (WHERE source = 'HUMAN' AND choice = 'B') AS b_votes,"
          + " (array_agg(choice ORDER BY id DESC) FILTER (WHERE source = 'ADJUDICATED'))[1] AS adjudicated"
          + " FROM preference WHERE campaign_id = ? GROUP BY comparison_id";

  private static final ObjectReader CRITERIA = JsonMapper.builder().build()
      .readerFor(new TypeReference<Map<String, String>>() {});

  private PreferenceSql() {}

  /**
   * A join target: the judgement {@code p} stored for the assignment whose id is the caller's SQL
   * expression {@code assignmentId} (e.g. {@code "a.id"}), as in {@code "JOIN " + joinByAssignment("a.id")}.
   */
  public static String joinByAssignment(String assignmentId) {
    return "preference p ON p.assignment_id = " + assignmentId;
  }

  /** A row of {@link #judgementColumns()}. */
  public static RecordedJudgement read(ResultSet row) throws SQLException {
    return new RecordedJudgement(
        row.getLong("preference_id"),
        Sql.nullableLong(row, "assignment_id"),
        row.getLong("comparison_id"),
        row.getString("rater"),
        Choice.valueOf(row.getString("choice")),
        Sql.nullableDouble(row, "strength"),
        criteria(row.getString("criteria")),
        Sql.strings(row, "flags"),
        row.getBoolean("a_shown_left"),
        Sql.nullableLong(row, "time_spent_ms"),
        Sql.instant(row, "judged_at"));
  }

  private static Map<String, String> criteria(String json) {
    try {
      return CRITERIA.readValue(json);
    } catch (IOException e) {
      throw new IllegalStateException("Stored criteria are not a JSON object: " + e.getMessage(), e);
    }
  }
}
