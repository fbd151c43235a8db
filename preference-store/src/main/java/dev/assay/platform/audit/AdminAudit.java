package dev.assay.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.export.ExportRows;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.jdbc.ReadOnlyCursor;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.jdbc.Where;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
  private static final List<String> COLUMNS = List.of("id", "at", "actor", "action", "target", "details", "hash");

  /** Filters; null means any. {@code from} inclusive, {@code to} exclusive. */
  public record Filter(String actor, String action, String target, Instant from, Instant to) {}

  public record Entry(long id, Instant at, String actor, String action, String target, Map<String, Object> details,
      String hash) {}

  public record Page(List<Entry> items, int page, int size, long total) {}

  private final Sql sql;
  private final ReadOnlyCursor cursor;
  private final ObjectMapper json;
  private final Instance<CurrentIdentityAssociation> identities;
  private final Instance<AuditActor> actors;

  public AdminAudit(Sql sql, ReadOnlyCursor cursor, ObjectMapper json,
      Instance<CurrentIdentityAssociation> identities, Instance<AuditActor> actors) {
    this.sql = sql;
    this.cursor = cursor;
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
    PageRequest request = PageRequest.of(page, size);
    Where where = where(filter);
    long total = sql.count("SELECT count(*) FROM admin_audit" + where.clause(), where.params());
    List<Entry> items = sql.list("SELECT " + String.join(", ", COLUMNS) + " FROM admin_audit" + where.clause()
        + " ORDER BY id DESC LIMIT ? OFFSET ?", this::entry, where.params(request.size(), request.offset()));
    return new Page(items, page, size, total);
  }

  /** Writes every matching row, oldest first, read through a cursor. */
  public void export(Filter filter, ExportFormat format, OutputStream out) throws IOException {
    Where where = where(filter);
    ExportRows<Entry> rows = ExportRows.start(format, out, COLUMNS, this::cells, json);
    cursor.forEach("SELECT " + String.join(", ", COLUMNS) + " FROM admin_audit" + where.clause() + " ORDER BY id",
        this::entry, rows::write, where.params());
    rows.finish();
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

  private static Where where(Filter filter) {
    return new Where()
        .and("actor = ?", filter.actor())
        .and("action = ?", filter.action())
        .and("target = ?", filter.target())
        .and("at >= ?", filter.from() == null ? null : Timestamp.from(filter.from()))
        .and("at < ?", filter.to() == null ? null : Timestamp.from(filter.to()));
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

  private List<String> cells(Entry e) {
    return List.of(String.valueOf(e.id()), e.at().toString(), e.actor(), e.action(), e.target(),
        toJson(e.details()), e.hash());
  }

  private String toJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
