package dev.assay.guardrail.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.csv.CsvRows;
import dev.assay.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
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
  private static final int FETCH_SIZE = 1_000;
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
  public record Filter(String policy, String decision, String caller, Instant from, Instant to, String textHash) {
    /** Without a text hash. */
    public Filter(String policy, String decision, String caller, Instant from, Instant to) {
      this(policy, decision, caller, from, to, null);
    }
  }

  public record Page(List<Map<String, Object>> items, int page, int size, long total) {}

  private final AgroalDataSource dataSource;
  private final ObjectMapper json;

  public AuditQueries(AgroalDataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  /** The decision with this trace id, if one was audited. */
  public Optional<Map<String, Object>> byTrace(UUID traceId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM guardrail_audit"
            + " WHERE trace_id = ? ORDER BY id LIMIT 1", List.of(traceId));
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("audit query failed: " + e.getMessage(), e);
    }
  }

  /** One page, newest first. */
  public Page page(Filter filter, int page, int size) {
    if (page < 0) {
      throw ProblemException.invalid("page", "page must be >= 0");
    }
    if (size < 1 || size > 1_000) {
      throw ProblemException.invalid("size", "size must be between 1 and 1000");
    }
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    try (Connection connection = dataSource.getConnection()) {
      long total;
      try (PreparedStatement count = prepare(connection, "SELECT count(*) FROM guardrail_audit" + where, params);
          ResultSet rows = count.executeQuery()) {
        rows.next();
        total = rows.getLong(1);
      }
      List<Object> pageParams = new ArrayList<>(params);
      pageParams.add(size);
      pageParams.add((long) page * size);
      List<Map<String, Object>> items = new ArrayList<>();
      try (PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM guardrail_audit" + where
              + " ORDER BY decided_at DESC, id DESC LIMIT ? OFFSET ?", pageParams);
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

  /**
   * Streams every matching row, oldest first, from a server-side cursor (flat memory).
   *
   * @param format {@code csv} or {@code jsonl}
   */
  public void export(Filter filter, String format, OutputStream out) throws IOException {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    CsvRows csv = "csv".equals(format) ? new CsvRows(writer) : null;
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (PreparedStatement select = prepare(connection, "SELECT " + COLUMNS + " FROM guardrail_audit" + where
          + " ORDER BY decided_at, id", params)) {
        select.setFetchSize(FETCH_SIZE);
        if (csv != null) {
          csv.row(NAMES);
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            Map<String, Object> row = row(rows);
            if (csv != null) {
              csv.row(row.values().stream().map(AuditQueries::csvCell).toList());
            } else {
              writer.write(json.writeValueAsString(row));
              writer.write('\n');
            }
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IOException("audit export failed: " + e.getMessage(), e);
    }
    writer.flush();
  }

  /** 422 for an unknown export format. */
  public static String exportFormat(String format) {
    String f = format == null ? "jsonl" : format.toLowerCase();
    if (!f.equals("csv") && !f.equals("jsonl")) {
      throw ProblemException.invalid("format", "format must be csv or jsonl");
    }
    return f;
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

  private static String where(Filter filter, List<Object> params) {
    StringBuilder where = new StringBuilder();
    condition(where, params, "policy_name = ?", filter.policy());
    condition(where, params, "decision = ?", decision(filter.decision()));
    condition(where, params, "caller = ?", filter.caller());
    condition(where, params, "decided_at >= ?", filter.from() == null ? null : Timestamp.from(filter.from()));
    condition(where, params, "decided_at < ?", filter.to() == null ? null : Timestamp.from(filter.to()));
    if (textHash(filter.textHash()) != null) {
      condition(where, params, "(prompt_hash = ? OR response_hash = ?)", filter.textHash());
      params.add(filter.textHash());
    }
    return where.toString();
  }

  private static void condition(StringBuilder where, List<Object> params, String sql, Object value) {
    if (value != null) {
      where.append(where.isEmpty() ? " WHERE " : " AND ").append(sql);
      params.add(value);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, List<Object> params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      statement.setObject(i + 1, params.get(i));
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
