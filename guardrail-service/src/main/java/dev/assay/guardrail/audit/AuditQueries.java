package dev.assay.guardrail.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.export.ExportRows;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.jdbc.ReadOnlyCursor;
import dev.assay.platform.jdbc.Where;
import dev.assay.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the guardrail audit log: one decision by its trace id, filtered pages, and streaming exports (CSV or
 * JSON lines). Every row carries its decision's trace (the checks that ran), null for a decision made
 * without one.
 */
@ApplicationScoped
public class AuditQueries {
  private static final Set<String> DECISIONS = Set.of("allow", "flag", "redact", "escalate", "block");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final String COLUMNS = "id, trace_id, decided_at, caller, policy_name, policy_version, model_version,"
      + " prompt_hash, response_hash, prompt_text, response_text, score, threshold, decision, reasons, latency_us,"
      // the checks that ran, from their own chained table (one row per decision, found by its index)
      + " (SELECT t.trace::text FROM guardrail_decision_trace t WHERE t.trace_id = guardrail_audit.trace_id"
      + " ORDER BY t.id LIMIT 1)";
  private static final List<String> NAMES = List.of("id", "trace_id", "decided_at", "caller", "policy", "policy_version",
      "model_version", "prompt_hash", "response_hash", "prompt_text", "response_text", "score", "threshold",
      "decision", "reasons", "latency_us", "trace");

  /**
   * Filters; null means any. {@code from} inclusive, {@code to} exclusive. {@code textHash} finds the decisions
   * whose prompt or response has that SHA-256 (as the audit stores them: the response's text, the prompt's
   * messages as JSON).
   */
  public record Filter(String policy, String decision, String caller, Instant from, Instant to, String textHash) {}

  public record Page(List<Map<String, Object>> items, int page, int size, long total) {}

  private final AgroalDataSource dataSource;
  private final ReadOnlyCursor cursor;
  private final ObjectMapper json;

  public AuditQueries(AgroalDataSource dataSource, ReadOnlyCursor cursor, ObjectMapper json) {
    this.dataSource = dataSource;
    this.cursor = cursor;
    this.json = json;
  }

  /** The decision with this trace id, if one was audited. */
  public Optional<Map<String, Object>> byTrace(UUID traceId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM guardrail_audit"
            + " WHERE trace_id = ? ORDER BY id LIMIT 1", traceId);
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
    }
  }

  /** One page, newest first. */
  public Page page(Filter filter, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    Where where = where(filter);
    try (Connection connection = dataSource.getConnection()) {
      long total;
      try (PreparedStatement count = prepare(connection, "SELECT count(*) FROM guardrail_audit" + where.clause(),
              where.params());
          ResultSet rows = count.executeQuery()) {
        rows.next();
        total = rows.getLong(1);
      }
      List<Map<String, Object>> items = new ArrayList<>();
      try (PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM guardrail_audit"
              + where.clause() + " ORDER BY decided_at DESC, id DESC LIMIT ? OFFSET ?",
              where.params(request.size(), request.offset()));
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          items.add(row(rows));
        }
      }
      return new Page(items, page, size, total);
    } catch (SQLException e) {
      throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
    }
  }

  /** Writes every matching row, oldest first, read through a cursor (flat memory). */
  public void export(Filter filter, ExportFormat format, OutputStream out) throws IOException {
    Where where = where(filter);
    ExportRows<Map<String, Object>> rows = ExportRows.start(format, out, NAMES,
        row -> row.values().stream().map(AuditQueries::csvCell).toList(), json);
    cursor.forEach("SELECT " + COLUMNS + " FROM guardrail_audit" + where.clause() + " ORDER BY decided_at, id",
        this::row, rows::write, where.params());
    rows.finish();
  }

  /** 422 for an unknown decision. */
  public static String decision(String decision) {
    if (decision != null && !DECISIONS.contains(decision)) {
      throw ProblemException.invalid("decision", "decision must be allow, flag, redact, escalate or block");
    }
    return decision;
  }

  /** 422 for a text hash that is not 64 lowercase hex digits. */
  public static String textHash(String hash) {
    if (hash != null && !HASH.matcher(hash).matches()) {
      throw ProblemException.invalid("textHash", "textHash must be a SHA-256: 64 lowercase hex digits");
    }
    return hash;
  }

  private static Where where(Filter filter) {
    return new Where()
        .and("policy_name = ?", filter.policy())
        .and("decision = ?", decision(filter.decision()))
        .and("caller = ?", filter.caller())
        .and("decided_at >= ?", filter.from() == null ? null : Timestamp.from(filter.from()))
        .and("decided_at < ?", filter.to() == null ? null : Timestamp.from(filter.to()))
        .and("(prompt_hash = ? OR response_hash = ?)", textHash(filter.textHash()));
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      statement.setObject(i + 1, params[i]);
    }
    return statement;
  }

  private Map<String, Object> row(ResultSet rows) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", rows.getLong(1));
    row.put("trace_id", rows.getString(2));
    row.put("decided_at", rows.getTimestamp(3).toInstant().toString());
    row.put("caller", rows.getString(4));
    row.put("policy", rows.getString(5));
    row.put("policy_version", rows.getInt(6));
    row.put("model_version", rows.getString(7));
    row.put("prompt_hash", rows.getString(8));
    row.put("response_hash", rows.getString(9));
    row.put("prompt_text", rows.getString(10));
    row.put("response_text", rows.getString(11));
    double score = rows.getDouble(12);
    row.put("score", rows.wasNull() ? null : score);
    double threshold = rows.getDouble(13);
    row.put("threshold", rows.wasNull() ? null : threshold);
    row.put("decision", rows.getString(14));
    Array reasons = rows.getArray(15);
    row.put("reasons", reasons == null ? List.of() : List.of((String[]) reasons.getArray()));
    row.put("latency_us", rows.getLong(16));
    String trace = rows.getString(17);
    try {
      row.put("trace", trace == null ? null : json.readTree(trace));
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable trace of decision " + row.get("trace_id"), e);
    }
    return row;
  }

  private static String csvCell(Object value) {
    return value == null ? null : value instanceof List<?> list
        ? String.join("; ", list.stream().map(String::valueOf).toList()) : String.valueOf(value);
  }
}
