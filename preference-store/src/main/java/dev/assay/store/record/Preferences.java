package dev.assay.store.record;

import dev.assay.platform.jdbc.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Preferences for other modules, in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Preferences {
  private final Sql sql;

  public Preferences(Sql sql) {
    this.sql = sql;
  }

  /** Records a rater's judgement; returns the preference id. */
  public long recordHumanJudgement(HumanJudgement judgement) {
    return sql.one(PreferenceSql.insertHumanJudgement(), row -> row.getLong(1), judgement.parameters()).orElseThrow();
  }

  /** A reviewer's settling of a disagreement in a campaign, in canonical A/B terms. */
  public record Adjudication(long comparisonId, long campaignId, String reviewer, Choice choice, String rationale,
      Instant adjudicatedAt) {}

  /**
   * Records an adjudication as a preference of source ADJUDICATED beside the judgements it settles (they
   * are never changed); a snapshot of the campaign takes it in their place. Returns the preference id.
   */
  public long recordAdjudication(Adjudication adjudication) {
    return sql.one("INSERT INTO preference (comparison_id, source, rater, choice, rationale, campaign_id, judged_at)"
            + " VALUES (?, 'ADJUDICATED', ?, ?, ?, ?, ?) RETURNING id",
        row -> row.getLong(1), adjudication.comparisonId(), adjudication.reviewer(), adjudication.choice(),
        adjudication.rationale(), adjudication.campaignId(), adjudication.adjudicatedAt()).orElseThrow();
  }

  /** The judgement stored for an assignment, if any. */
  public Optional<RecordedJudgement> ofAssignment(long assignmentId) {
    return sql.one("SELECT " + PreferenceSql.judgementColumns() + " FROM preference p WHERE p.assignment_id = ?",
        PreferenceSql::read, assignmentId);
  }

  /** A judgement by its preference id, if there is one. */
  public Optional<RecordedJudgement> byId(long preferenceId) {
    return sql.one("SELECT " + PreferenceSql.judgementColumns() + " FROM preference p WHERE p.id = ?",
        PreferenceSql::read, preferenceId);
  }

  /** Every rater's judgement recorded in a campaign (not adjudications), in the order they were stored. */
  public List<RecordedJudgement> ofCampaign(long campaignId) {
    return sql.list("SELECT " + PreferenceSql.judgementColumns() + " FROM preference p WHERE p.campaign_id = ?"
        + " AND p.source = 'HUMAN' ORDER BY p.id", PreferenceSql::read, campaignId);
  }

  /** Judgements recorded in one hour (UTC). */
  public record HourCount(Instant hour, long judgements) {}

  /** A campaign's raters' judgements per hour of {@code judged_at}, oldest hour first. */
  public List<HourCount> perHour(long campaignId) {
    return sql.list(
        "SELECT date_trunc('hour', judged_at AT TIME ZONE 'UTC') AS hour, count(*) FROM preference"
            + " WHERE campaign_id = ? AND source = 'HUMAN' GROUP BY 1 ORDER BY 1",
        row -> new HourCount(row.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), row.getLong(2)),
        campaignId);
  }

  /** A judgement between responses of two different named generators, with the comparison's content. */
  public record GeneratorBattle(long comparisonId, String generatorA, String generatorB, Choice choice,
      ComparisonContent content) {}

  /**
   * Every judgement of a comparison between two different named generators, in the order they were
   * stored, restricted to a dataset's comparisons and/or a campaign (null for no restriction).
   */
  public List<GeneratorBattle> betweenGenerators(String dataset, Long campaignId) {
    return sql.list(
        "SELECT c.id, c.generator_a, c.generator_b, j.choice, " + ComparisonContentSql.columnsFrom()
            + " JOIN preference j ON j.comparison_id = c.id"
            + " WHERE j.source <> 'ADJUDICATED' AND c.generator_a IS NOT NULL AND c.generator_b IS NOT NULL AND c.generator_a <> c.generator_b"
            + " AND (CAST(? AS text) IS NULL OR EXISTS (SELECT 1 FROM dataset_record r JOIN dataset d ON d.id = r.dataset_id"
            + "      WHERE r.comparison_id = c.id AND d.name = CAST(? AS text)))"
            + " AND (CAST(? AS bigint) IS NULL OR j.campaign_id = CAST(? AS bigint))"
            + " ORDER BY j.id",
        row -> new GeneratorBattle(row.getLong("id"), row.getString("generator_a"), row.getString("generator_b"),
            Choice.valueOf(row.getString("choice")), ComparisonContentSql.read(row)),
        dataset, dataset, campaignId, campaignId);
  }

  /** The days (in {@code zone}) on which the rater recorded a judgement, over the last 400 days. */
  public List<LocalDate> humanJudgementDays(String rater, ZoneId zone) {
    return sql.list(
        "SELECT DISTINCT CAST(judged_at AT TIME ZONE CAST(? AS text) AS date) FROM preference"
            + " WHERE rater = ? AND source = 'HUMAN' AND judged_at > now() - interval '400 days'",
        row -> row.getObject(1, LocalDate.class),
        zone.getId(), rater);
  }

  /** How many judgements a rater recorded on one day (in {@code zone}) and in all. */
  public record JudgementCount(long onDay, long total) {}

  public JudgementCount humanJudgementCount(String rater, ZoneId zone, LocalDate day) {
    return sql.one(
            "SELECT count(*) FILTER (WHERE CAST(judged_at AT TIME ZONE CAST(? AS text) AS date) = CAST(? AS date)),"
                + " count(*) FROM preference WHERE rater = ? AND source = 'HUMAN'",
            row -> new JudgementCount(row.getLong(1), row.getLong(2)),
            zone.getId(), day, rater)
        .orElseThrow();
  }
}
