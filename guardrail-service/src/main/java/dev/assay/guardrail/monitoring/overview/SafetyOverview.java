package dev.assay.guardrail.monitoring.overview;

import dev.assay.guardrail.monitoring.overview.Overview.DecisionRate;
import dev.assay.guardrail.monitoring.overview.Overview.NoisyCaller;
import dev.assay.guardrail.monitoring.overview.Overview.ScoreHistogram;
import dev.assay.guardrail.monitoring.overview.Overview.TriggeredCheck;
import dev.assay.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the decision audit and the decision traces into the safety overview: rates per bucket, policy
 * and action, top triggered checks, noisy callers and score histograms. Read-only SQL aggregates over
 * the time-range indexes; nothing is stored.
 */
@ApplicationScoped
public class SafetyOverview {
  /** The default range: the last day. */
  public static final Duration DEFAULT_RANGE = Duration.ofDays(1);
  static final int MAX_BUCKETS = 500;
  static final int TOP = 10;
  static final int BINS = 20;
  private static final List<String> HELD = List.of("block", "flag", "escalate");

  private final AgroalDataSource dataSource;
  private final Clock clock;

  public SafetyOverview(AgroalDataSource dataSource, Clock clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * The overview of {@code [from, to)}; a null {@code to} is now, a null {@code from} a day before
   * {@code to}, a null {@code bucket} a 24th of the range (at least a minute), a null policy every policy.
   *
   * @throws ProblemException 422 naming {@code from} for an empty range, {@code bucket} for a bucket
   *     that is not positive or would cut the range into more than 500
   */
  public Overview overview(Instant from, Instant to, Duration bucket, String policy) {
    Instant end = to != null ? to : clock.instant();
    Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
    if (!start.isBefore(end)) {
      throw ProblemException.invalid("from", "from must be before to");
    }
    Duration range = Duration.between(start, end);
    Duration width = bucket != null ? bucket : defaultBucket(range);
    if (width.toSeconds() < 1) {
      throw ProblemException.invalid("bucket", "bucket must be a duration of a second or more, such as PT1H");
    }
    if (range.dividedBy(width) > MAX_BUCKETS) {
      throw ProblemException.invalid("bucket", "bucket must cut the range into at most " + MAX_BUCKETS + " buckets");
    }
    try (Connection connection = dataSource.getConnection()) {
      return new Overview(start, end, width.toSeconds(), policy, rates(connection, start, end, width, policy),
          topChecks(connection, start, end, policy), noisyCallers(connection, start, end, policy),
          scores(connection, start, end, policy));
    } catch (SQLException e) {
      throw new IllegalStateException("safety overview query failed: " + e.getMessage(), e);
    }
  }

  /** A 24th of the range, rounded down to whole minutes, at least a minute. */
  static Duration defaultBucket(Duration range) {
    return Duration.ofMinutes(Math.max(1, range.dividedBy(24).toMinutes()));
  }

  private static List<DecisionRate> rates(Connection connection, Instant from, Instant to, Duration bucket,
      String policy) throws SQLException {
    String sql = "SELECT date_bin(make_interval(secs => ?), decided_at, ?) AS bucket, policy_name, decision, count(*)"
        + " FROM guardrail_audit WHERE decided_at >= ? AND decided_at < ? AND (?::text IS NULL OR policy_name = ?)"
        + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
    List<DecisionRate> rates = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, bucket.toSeconds());
      select.setTimestamp(2, Timestamp.from(from));
      range(select, 3, from, to, policy);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          rates.add(new DecisionRate(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getString(3),
              rows.getLong(4)));
        }
      }
    }
    return rates;
  }

  /** Checks whose verdict was a hit, most first; a decision's trace is a JSON array of its checks. */
  private static List<TriggeredCheck> topChecks(Connection connection, Instant from, Instant to, String policy)
      throws SQLException {
    String sql = "SELECT a.policy_name, c->>'stage', c->>'check', count(*) FROM guardrail_decision_trace t"
        + " JOIN guardrail_audit a ON a.trace_id = t.trace_id"
        + " CROSS JOIN LATERAL jsonb_array_elements(t.trace) c"
        + " WHERE t.decided_at >= ? AND t.decided_at < ? AND (?::text IS NULL OR a.policy_name = ?)"
        + " AND c->>'verdict' = 'hit'"
        + " GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT " + TOP;
    List<TriggeredCheck> checks = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      range(select, 1, from, to, policy);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          checks.add(new TriggeredCheck(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
        }
      }
    }
    return checks;
  }

  private static List<NoisyCaller> noisyCallers(Connection connection, Instant from, Instant to, String policy)
      throws SQLException {
    String sql = "WITH held AS (SELECT caller, count(*) FILTER (WHERE decision = 'block') AS block,"
        + " count(*) FILTER (WHERE decision = 'flag') AS flag, count(*) FILTER (WHERE decision = 'escalate') AS escalate"
        + " FROM guardrail_audit WHERE decided_at >= ? AND decided_at < ? AND (?::text IS NULL OR policy_name = ?)"
        + " AND decision IN ('" + String.join("', '", HELD) + "') GROUP BY caller"
        + " ORDER BY count(*) DESC, caller LIMIT " + TOP + ")"
        + " SELECT h.caller, h.block, h.flag, h.escalate, (SELECT count(*) FROM guardrail_audit a"
        + " WHERE a.caller = h.caller AND a.decided_at >= ? AND a.decided_at < ? AND (?::text IS NULL OR a.policy_name = ?))"
        + " FROM held h ORDER BY h.block + h.flag + h.escalate DESC, h.caller";
    List<NoisyCaller> callers = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      range(select, 1, from, to, policy);
      range(select, 5, from, to, policy);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          callers.add(new NoisyCaller(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
              rows.getLong(5)));
        }
      }
    }
    return callers;
  }

  /**
   * Each policy's audited scores in {@value #BINS} bins spanning both the range and the one before it, so
   * the two distributions share their bins.
   */
  private static List<ScoreHistogram> scores(Connection connection, Instant from, Instant to, String policy)
      throws SQLException {
    Instant referenceFrom = from.minus(Duration.between(from, to));
    String sql = "WITH s AS (SELECT policy_name, score, decided_at >= ? AS current FROM guardrail_audit"
        + " WHERE decided_at >= ? AND decided_at < ? AND (?::text IS NULL OR policy_name = ?) AND score IS NOT NULL),"
        + " b AS (SELECT policy_name, min(score) AS low, max(score) AS high FROM s GROUP BY policy_name)"
        + " SELECT s.policy_name, b.low, b.high, s.current,"
        + " least(width_bucket(s.score, b.low, b.high + 1e-9 * greatest(1, abs(b.high)), " + BINS + "), " + BINS
        + ") AS bin, count(*) FROM s JOIN b USING (policy_name) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1";
    Map<String, long[][]> counts = new LinkedHashMap<>();
    Map<String, double[]> bounds = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(from));
      range(select, 2, referenceFrom, to, policy);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          bounds.putIfAbsent(name, new double[] {rows.getDouble(2), rows.getDouble(3)});
          long[][] bins = counts.computeIfAbsent(name, n -> new long[2][BINS]);
          bins[rows.getBoolean(4) ? 0 : 1][rows.getInt(5) - 1] += rows.getLong(6);
        }
      }
    }
    List<ScoreHistogram> histograms = new ArrayList<>();
    counts.forEach((name, bins) -> histograms.add(new ScoreHistogram(name, bounds.get(name)[0], bounds.get(name)[1],
        Arrays.stream(bins[0]).boxed().toList(), Arrays.stream(bins[1]).boxed().toList())));
    return histograms;
  }

  /** Sets {@code from, to, policy, policy} from parameter {@code first} on. */
  private static void range(PreparedStatement select, int first, Instant from, Instant to, String policy)
      throws SQLException {
    select.setTimestamp(first, Timestamp.from(from));
    select.setTimestamp(first + 1, Timestamp.from(to));
    select.setString(first + 2, policy);
    select.setString(first + 3, policy);
  }
}
