package dev.assay.platform.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hash chains of the audit tables (migration {@code audit_chain}): verifying them and pruning
 * their oldest rows. Each row's hash covers the previous row's hash and its own content, so an edited
 * row, a removed row and removed newest rows each break the chain where they happened.
 */
@ApplicationScoped
public class AuditChains {
  private static final int FETCH_SIZE = 1_000;
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*");

  /**
   * What verifying one chain found.
   *
   * @param brokenAt the first row that does not verify (null when intact, or when only the head is off)
   * @param problem why, in words; null when intact
   * @param headHash the newest row's hash: record it elsewhere to detect a rewrite of the whole chain
   */
  public record Report(String chain, long rows, boolean intact, Long brokenAt, String problem, String headHash,
      Long anchorId, long pruned) {}

  private final AgroalDataSource dataSource;
  private final RetentionRole retentionRole;

  public AuditChains(AgroalDataSource dataSource, RetentionRole retentionRole) {
    this.dataSource = dataSource;
    this.retentionRole = retentionRole;
  }

  /** Verifies every chain. */
  public List<Report> verify() {
    try (Connection connection = dataSource.getConnection()) {
      return snapshot(connection, () -> {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT name FROM audit_chain ORDER BY name")) {
          while (rows.next()) {
            names.add(rows.getString(1));
          }
        }
        List<Report> reports = new ArrayList<>();
        for (String name : names) {
          reports.add(verify(connection, name));
        }
        return reports;
      });
    } catch (SQLException e) {
      throw new IllegalStateException("audit verification failed: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the chain's oldest rows up to the first one at or after {@code cutoff} and anchors the
   * chain at the last deleted row, so what is left still verifies; as the retention role, the only one
   * allowed to. Returns how many rows went: none when the retention role cannot log in.
   */
  public long prune(String chain, Instant cutoff) {
    Optional<Connection> retention = retentionRole.connect();
    if (retention.isEmpty()) {
      return 0;
    }
    try (Connection connection = retention.get();
        PreparedStatement prune = connection.prepareStatement("SELECT audit_chain_prune(?, ?)")) {
      prune.setString(1, chain);
      prune.setTimestamp(2, Timestamp.from(cutoff));
      try (ResultSet rows = prune.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("audit retention of " + chain + " failed: " + e.getMessage(), e);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  /** One repeatable-read snapshot, so rows committed meanwhile cannot make the head look wrong. */
  private static <T> T snapshot(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try {
      return work.run();
    } finally {
      connection.rollback();
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      connection.setAutoCommit(true);
    }
  }

  private static Report verify(Connection connection, String chain) throws SQLException {
    String table;
    String head;
    String anchor;
    Long anchorId;
    long pruned;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT table_name, head_hash, anchor_hash, anchor_id, pruned FROM audit_chain WHERE name = ?")) {
      select.setString(1, chain);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalArgumentException("no audit chain " + chain);
        }
        table = row.getString(1);
        head = row.getString(2);
        anchor = row.getString(3);
        long id = row.getLong(4);
        anchorId = row.wasNull() ? null : id;
        pruned = row.getLong(5);
      }
    }
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalStateException("audit chain " + chain + " names an unexpected table: " + table);
    }
    long count = 0;
    String expected = anchor;
    Long previousId = anchorId;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, prev_hash, hash, audit_row_hash(prev_hash, t) FROM " + table + " t ORDER BY id")) {
      select.setFetchSize(FETCH_SIZE);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          count++;
          long id = rows.getLong(1);
          if (!expected.equals(rows.getString(2))) {
            String problem = previousId == null
                ? "row " + id + " does not chain to the start of the chain: a row before it was removed or changed"
                : "row " + id + " does not chain to row " + previousId + ": a row between them was removed,"
                    + " or a hash was rewritten";
            return new Report(chain, count, false, id, problem, head, anchorId, pruned);
          }
          if (!rows.getString(3).equals(rows.getString(4))) {
            return new Report(chain, count, false, id, "row " + id + " was changed after it was written", head,
                anchorId, pruned);
          }
          expected = rows.getString(3);
          previousId = id;
        }
      }
    }
    if (!expected.equals(head)) {
      return new Report(chain, count, false, null, "the newest rows were removed: the chain ends at "
          + (previousId == null ? "its start" : "row " + previousId) + ", not at the recorded head", head,
          anchorId, pruned);
    }
    return new Report(chain, count, true, null, null, head, anchorId, pruned);
  }
}
