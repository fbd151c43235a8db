package dev.assay.guardrail.monitoring.window;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The closed windows in PostgreSQL: each replica writes its own rows; reads add the rows of one window
 * (and policy version and cohort, or caller) up.
 */
@ApplicationScoped
public class WindowStore {
  private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Histogram>> HISTOGRAMS = new TypeReference<>() {};
  private static final String INSERT_WINDOW = "INSERT INTO guardrail_monitoring_window (replica, window_start,"
      + " window_end, policy_name, policy_version, cohort, decisions, counts, hits, histograms, detector_hits,"
      + " ood_scored, ood_above, ood_histogram) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb),"
      + " ?, ?, ?, CAST(? AS jsonb))";
  private static final String INSERT_CALLER = "INSERT INTO guardrail_monitoring_caller_window (replica,"
      + " window_start, caller, decisions, blocks, flags, escalations, detector_hits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Sql sql;
  private final ObjectMapper json;
  private final String replica = UUID.randomUUID().toString();

  public WindowStore(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  void write(List<WindowSummary> windows, List<CallerWindow> callers) {
    if (windows.isEmpty() && callers.isEmpty()) {
      return;
    }
    List<Object[]> windowRows = windows.stream().map(w -> new Object[] {replica, w.key().start(), w.end(),
        w.key().policy(), w.key().policyVersion(), w.key().cohort(), w.decisions(), toJson(w.counts()),
        toJson(w.hits()),
        toJson(w.histograms()), w.detectorHits(), w.oodScored(), w.oodAbove(), toJson(w.ood())}).toList();
    List<Object[]> callerRows = callers.stream().map(c -> new Object[] {replica, c.start(), c.caller(),
        c.decisions(), c.blocks(), c.flags(), c.escalations(), c.detectorHits()}).toList();
    QuarkusTransaction.requiringNew().run(() -> {
      sql.batch(INSERT_WINDOW, windowRows, 500);
      sql.batch(INSERT_CALLER, callerRows, 500);
    });
  }

  /**
   * The windows starting in {@code [from, to)}, oldest first, every replica's rows added up.
   *
   * @param policy null for every policy
   * @param cohort null for every cohort
   */
  public List<WindowSummary> windows(String policy, String cohort, Instant from, Instant to) {
    List<WindowSummary> rows = QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT * FROM guardrail_monitoring_window WHERE window_start >= ? AND window_start < ?"
            + " AND (CAST(? AS text) IS NULL OR policy_name = ?) AND (CAST(? AS text) IS NULL OR cohort = ?)"
            + " ORDER BY window_start, policy_name, policy_version, cohort",
        this::window, from, to, policy, policy, cohort, cohort));
    Map<WindowKey, WindowSummary> merged = new LinkedHashMap<>();
    for (WindowSummary row : rows) {
      merged.merge(row.key(), row, WindowStore::add);
    }
    return List.copyOf(merged.values());
  }

  /** The callers' windows starting in {@code [from, to)}, oldest first; {@code caller} null for every caller. */
  public List<CallerWindow> callers(String caller, Instant from, Instant to) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT window_start, caller, sum(decisions) AS decisions, sum(blocks) AS blocks, sum(flags) AS flags,"
            + " sum(escalations) AS escalations, sum(detector_hits) AS detector_hits"
            + " FROM guardrail_monitoring_caller_window WHERE window_start >= ? AND window_start < ?"
            + " AND (CAST(? AS text) IS NULL OR caller = ?)"
            + " GROUP BY window_start, caller ORDER BY window_start, caller",
        row -> new CallerWindow(Sql.instant(row, "window_start"), row.getString("caller"), row.getLong("decisions"),
            row.getLong("blocks"), row.getLong("flags"), row.getLong("escalations"), row.getLong("detector_hits")),
        from, to, caller, caller));
  }

  /**
   * The earliest window in which a policy version in a cohort scored with a check's model version ({@code
   * check@model-version}), or null: where that score's baseline starts.
   */
  public Instant firstWindow(String policy, int policyVersion, String cohort, String histogram) {
    return QuarkusTransaction.requiringNew().call(() -> sql.one(
        "SELECT min(window_start) AS first FROM guardrail_monitoring_window WHERE policy_name = ?"
            + " AND policy_version = ? AND cohort = ? AND jsonb_exists(histograms, ?)",
        row -> Sql.instant(row, "first"), policy, policyVersion, cohort, histogram).orElse(null));
  }

  /**
   * Windows starting at or after {@code since} that ended by {@code endedBy}, have rows and were not evaluated yet,
   * oldest first.
   */
  public List<Instant> awaitingEvaluation(Instant since, Instant endedBy) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list(
        "SELECT DISTINCT w.window_start FROM guardrail_monitoring_window w WHERE w.window_start >= ?"
            + " AND w.window_end <= ? AND NOT EXISTS (SELECT 1 FROM guardrail_monitoring_evaluation e"
            + " WHERE e.window_start = w.window_start) ORDER BY w.window_start",
        row -> Sql.instant(row, "window_start"), since, endedBy));
  }

  private WindowSummary window(ResultSet row) throws SQLException {
    try {
      WindowKey key = new WindowKey(Sql.instant(row, "window_start"), row.getString("policy_name"),
          row.getInt("policy_version"), row.getString("cohort"));
      return new WindowSummary(key, Sql.instant(row, "window_end"), row.getLong("decisions"),
          json.readValue(row.getString("counts"), COUNTS),
          json.readValue(row.getString("hits"), COUNTS), json.readValue(row.getString("histograms"), HISTOGRAMS),
          row.getLong("detector_hits"), row.getLong("ood_scored"), row.getLong("ood_above"),
          json.readValue(row.getString("ood_histogram"), Histogram.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a monitoring window row cannot be read", e);
    }
  }

  private static WindowSummary add(WindowSummary a, WindowSummary b) {
    Map<String, Long> counts = new HashMap<>(a.counts());
    b.counts().forEach((action, n) -> counts.merge(action, n, Long::sum));
    Map<String, Long> hits = new HashMap<>(a.hits());
    b.hits().forEach((check, n) -> hits.merge(check, n, Long::sum));
    Map<String, Histogram> histograms = new HashMap<>(a.histograms());
    b.histograms().forEach((name, h) -> histograms.merge(name, h, Histogram::plus));
    return new WindowSummary(a.key(), a.end(), a.decisions() + b.decisions(), counts, hits, histograms,
        a.detectorHits() + b.detectorHits(), a.oodScored() + b.oodScored(), a.oodAbove() + b.oodAbove(),
        a.ood().plus(b.ood()));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
