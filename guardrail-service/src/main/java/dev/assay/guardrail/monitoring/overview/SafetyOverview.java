package dev.assay.guardrail.monitoring.overview;

import dev.assay.guardrail.monitoring.overview.Overview.CohortRate;
import dev.assay.guardrail.monitoring.overview.Overview.DecisionRate;
import dev.assay.guardrail.monitoring.overview.Overview.NoisyCaller;
import dev.assay.guardrail.monitoring.overview.Overview.OodShare;
import dev.assay.guardrail.monitoring.overview.Overview.ScoreDrift;
import dev.assay.guardrail.monitoring.overview.Overview.TriggeredCheck;
import dev.assay.guardrail.decision.DecisionMade;
import dev.assay.guardrail.monitoring.stats.DriftStatistics;
import dev.assay.guardrail.monitoring.window.Histogram;
import dev.assay.guardrail.monitoring.window.WindowStore;
import dev.assay.guardrail.monitoring.window.WindowSummary;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the decision audit, the decision traces and the monitoring windows into the safety overview: rates
 * per bucket, policy and action, top triggered checks, noisy callers, score drift (the statistics the drift
 * alerts use) and OOD shares. Read-only aggregates over the time-range indexes; nothing is stored.
 */
@ApplicationScoped
public class SafetyOverview {
  /** The default range: the last day. */
  public static final Duration DEFAULT_RANGE = Duration.ofDays(1);
  static final int MAX_BUCKETS = 500;
  static final int TOP = 10;
  private static final List<String> HELD = List.of("block", "flag", "escalate");

  private final AgroalDataSource dataSource;
  private final WindowStore windows;
  private final Clock clock;

  public SafetyOverview(AgroalDataSource dataSource, WindowStore windows, Clock clock) {
    this.dataSource = dataSource;
    this.windows = windows;
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
    // to the database's precision, so that the buckets it returns start exactly at from + k * bucket
    Instant end = (to != null ? to : clock.instant()).truncatedTo(ChronoUnit.MICROS);
    Instant start = from != null ? from.truncatedTo(ChronoUnit.MICROS) : end.minus(DEFAULT_RANGE);
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
    List<WindowSummary> windows = this.windows.windows(policy, null, start, end);
    List<WindowSummary> before = this.windows.windows(policy, null, start.minus(range), start);
    try (Connection connection = dataSource.getConnection()) {
      return new Overview(start, end, width.toSeconds(), policy, rates(connection, start, end, width, policy),
          topChecks(connection, start, end, policy), noisyCallers(connection, start, end, policy),
          scores(histograms(windows), histograms(before)), ood(windows), cohorts(windows));
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
   * Each production score's histogram summed over the monitoring windows of the range, against the same score
   * over the range before it.
   */
  private List<ScoreDrift> scores(Map<String, Map<String, Histogram>> current,
      Map<String, Map<String, Histogram>> reference) {
    List<ScoreDrift> drifts = new ArrayList<>();
    current.forEach((policy, scores) -> scores.forEach((score, now) -> {
      Histogram before = reference.getOrDefault(policy, Map.of()).get(score);
      boolean comparable = before != null && before.total() > 0 && now.total() > 0;
      drifts.add(new ScoreDrift(policy, score, now.low(), now.high(), boxed(now.counts()),
          before == null ? List.of() : boxed(before.counts()),
          comparable ? DriftStatistics.psi(before.counts(), now.counts()) : null,
          comparable ? DriftStatistics.ks(before.counts(), now.counts()) : null));
    }));
    return drifts;
  }

  /** Production histograms by policy and score, every version's windows in {@code [from, to)} added up. */
  private Map<String, Map<String, Histogram>> histograms(List<WindowSummary> windows) {
    Map<String, Map<String, Histogram>> byPolicy = new TreeMap<>();
    for (WindowSummary window : windows) {
      if (DecisionMade.PRODUCTION.equals(window.key().cohort())) {
        Map<String, Histogram> scores = byPolicy.computeIfAbsent(window.key().policy(), p -> new TreeMap<>());
        window.histograms().forEach((score, histogram) -> scores.merge(score, histogram, SafetyOverview::add));
      }
    }
    return byPolicy;
  }

  private static List<OodShare> ood(List<WindowSummary> windows) {
    Map<String, long[]> byPolicy = new TreeMap<>();
    for (WindowSummary window : windows) {
      if (DecisionMade.PRODUCTION.equals(window.key().cohort()) && window.oodScored() > 0) {
        long[] counts = byPolicy.computeIfAbsent(window.key().policy(), p -> new long[2]);
        counts[0] += window.oodScored();
        counts[1] += window.oodAbove();
      }
    }
    List<OodShare> shares = new ArrayList<>();
    byPolicy.forEach((policy, counts) -> shares.add(new OodShare(policy, counts[0], counts[1])));
    return shares;
  }

  private static List<CohortRate> cohorts(List<WindowSummary> windows) {
    Map<List<String>, long[]> byCohort = new TreeMap<>(
        Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
    for (WindowSummary window : windows) {
      long[] counts = byCohort.computeIfAbsent(List.of(window.key().policy(), window.key().cohort()), k -> new long[2]);
      counts[0] += window.decisions();
      counts[1] += window.decisions() - window.count("allow");
    }
    List<CohortRate> rates = new ArrayList<>();
    byCohort.forEach((key, counts) -> rates.add(new CohortRate(key.get(0), key.get(1), counts[0], counts[1])));
    return rates;
  }

  /** Two windows' histograms of a score; bins changed by a new setting start the sum afresh. */
  private static Histogram add(Histogram sum, Histogram next) {
    return sum.low() == next.low() && sum.high() == next.high() && sum.counts().length == next.counts().length
        ? sum.plus(next) : next;
  }

  private static List<Long> boxed(long[] counts) {
    return Arrays.stream(counts).boxed().toList();
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
