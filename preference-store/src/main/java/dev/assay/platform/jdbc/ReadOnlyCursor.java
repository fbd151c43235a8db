package dev.assay.platform.jdbc;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a query's rows through a server-side cursor on a pool connection of its own, in a transaction that
 * only reads and is rolled back: for exports written outside any request transaction, in flat memory.
 */
@ApplicationScoped
public class ReadOnlyCursor {
  private static final int FETCH_SIZE = 1_000;

  /** Takes one row as it is read, e.g. to write it out. */
  @FunctionalInterface
  public interface RowHandler<T> {
    void accept(T row) throws IOException;
  }

  private final AgroalDataSource dataSource;

  public ReadOnlyCursor(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Hands every row of {@code sql} to {@code each}, {@value #FETCH_SIZE} rows read at a time. */
  public <T> void forEach(String sql, Sql.RowMapper<T> mapper, RowHandler<? super T> each, Object... params)
      throws IOException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      // Only inside a transaction does the driver read through a cursor rather than fetch every row at once.
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        Sql.bind(connection, select, params);
        select.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            each.accept(mapper.map(rows));
          }
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IOException("export query failed: " + e.getMessage(), e);
    }
  }
}
