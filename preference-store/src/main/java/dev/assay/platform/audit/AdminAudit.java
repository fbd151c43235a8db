package dev.assay.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.csv.CsvRows;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin audit log: who did which administrative action to what, written in the transaction of
 * the action (so an action that rolls back leaves no row, and one that commits always has its row)
 * into the hash-chained, append-only {@code admin_audit}.
 */
@ApplicationScoped
public class AdminAudit {
  /** Who acts when no user does: the command line, startup, scheduled jobs. */
  public static final String SYSTEM = "system";
  private static final int FETCH_SIZE = 1_000;
  private static final List<String> COLUMNS = List.of("id", "at", "actor", "action", "target", "details", "hash");

  /** Filters; null means any. {@code from} inclusive, {@code to} exclusive. */
  public record Filter(String actor, String action, String target, Instant from, Instant to) {}

  public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> details,
      String hash) {}

  public record Page(List<Entry> items, int page, int size, long total) {}

  private final Sql sql;
  private final AgroalDataSource dataSource;
  private final ObjectMapper json;
  private final Instance<CurrentIdentityAssociation> identities;
  private final Instance<AuditActor> actors;

  public AdminAudit(Sql sql, AgroalDataSource dataSource, ObjectMapper json,
      Instance<CurrentIdentityAssociation> identities, Instance<AuditActor> actors) {
    this.sql = sql;
    this.dataSource = dataSource;
    this.json = json;
    this.identities = identities;
    this.actors = actors;
  }

  /**
   * Records an action by the current user, in the caller's transaction.
   *
   * @param action what was done, {@code <thing>.<verb>}, e.g. {@code user.create}
   * @param target what it was done to, e.g. {@code user:alice}
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String action, String target, Map<String, ?> details) {
    sql.update("INSERT INTO admin_audit (actor, action, target, details) VALUES (?, ?, ?, CAST(? AS jsonb))",
        actor(), action, target, toJson(details));
  }

  /** One page, newest first. */
  @Transactional
  public Page page(Filter filter, int page, int size) {
    if (page < 0) {
      throw ProblemException.invalid("page", "page must be >= 0");
    }
    if (size < 1 || size > 1_000) {
      throw ProblemException.invalid("size", "size must be between 1 and 1000");
    }
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    long total = sql.count("SELECT count(*) FROM admin_audit" + where, params.toArray());
    params.add(size);
    params.add((long) page * size);
    List<Entry> items = sql.list("SELECT " + String.join(", ", COLUMNS) + " FROM admin_audit" + where
        + " ORDER BY id DESC LIMIT ? OFFSET ?", this::entry, params.toArray());
    return new Page(items, page, size, total);
  }

  /**
   * Streams every matching row, oldest first, as CSV or JSON lines, from a server-side cursor.
   *
   * @param format {@code csv} or {@code jsonl}
   */
  public void export(Filter filter, String format, OutputStream out) throws IOException {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    CsvRows csv = "csv".equals(format) ? new CsvRows(writer) : null;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement("SELECT " + String.join(", ", COLUMNS)
          + " FROM admin_audit" + where + " ORDER BY id")) {
        for (int i = 0; i < params.size(); i++) {
          select.setObject(i + 1, params.get(i));
        }
        select.setFetchSize(FETCH_SIZE);
        if (csv != null) {
          csv.row(COLUMNS);
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            Entry e = entry(rows);
            if (csv != null) {
              csv.row(List.of(String.valueOf(e.id()), e.at().toString(), e.actor(), e.action(), e.target(),
                  toJson(e.details()), e.hash()));
            } else {
              writer.write(json.writeValueAsString(e));
              writer.write('\n');
            }
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IOException("admin audit export failed: " + e.getMessage(), e);
    }
    writer.flush();
  }

  /** The authenticated REST caller, else the UI's user, else {@link #SYSTEM}. */
  private String actor() {
    if (Arc.container().requestContext().isActive() && identities.isResolvable()) {
      SecurityIdentity identity = identities.get().getIdentity();
      if (identity != null && !identity.isAnonymous()) {
        return identity.getPrincipal().getName();
      }
    }
    return actors.stream().map(AuditActor::current).flatMap(Optional::stream).findFirst().orElse(SYSTEM);
  }

  private static String where(Filter filter, List<Object> params) {
    StringBuilder where = new StringBuilder();
    condition(where, params, "actor = ?", filter.actor());
    condition(where, params, "action = ?", filter.action());
    condition(where, params, "target = ?", filter.target());
    condition(where, params, "at >= ?", filter.from() == null ? null : java.sql.Timestamp.from(filter.from()));
    condition(where, params, "at < ?", filter.to() == null ? null : java.sql.Timestamp.from(filter.to()));
    return where.toString();
  }

  private static void condition(StringBuilder where, List<Object> params, String sql, Object value) {
    if (value != null) {
      where.append(where.isEmpty() ? " WHERE " : " AND ").append(sql);
      params.add(value);
    }
  }

  @SuppressWarnings("unchecked")
  private Entry entry(ResultSet row) throws SQLException {
    Map<String, Object> details;
    try {
      details = json.readValue(row.getString("details"), LinkedHashMap.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable details in admin_audit " + row.getLong("id"), e);
    }
    return new Entry(row.getLong("id"), Sql.instant(row, "at"), row.getString("actor"), row.getString("action"),
        row.getString("target"), details, row.getString("hash"));
  }

  private String toJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
