package dev.assay.platform.jdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.Session;

/**
 * Plain JDBC on the connection of the current Hibernate session (so it shares the transaction with
 * entities and the outbox). Used where the SQL matters: row locks, SKIP LOCKED, counters.
 */
@ApplicationScoped
public class Sql {
  private final EntityManager entityManager;

  public Sql(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Maps one row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
    return work(connection -> {
      try (PreparedStatement statement = prepare(connection, sql, params);
          ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    });
  }

  /**
   * Hands every row to {@code each} as it is read, {@code fetchSize} rows at a time: inside the
   * transaction the driver reads through a cursor, so memory stays flat however many rows there are.
   */
  public <T> void forEach(String sql, int fetchSize, RowMapper<T> mapper, Consumer<? super T> each,
      Object... params) {
    work(connection -> {
      try (PreparedStatement statement = prepare(connection, sql, params)) {
        statement.setFetchSize(fetchSize);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            each.accept(mapper.map(rows));
          }
        }
        return null;
      }
    });
  }

  public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = list(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
  }

  public long count(String sql, Object... params) {
    return one(sql, row -> row.getLong(1), params).orElse(0L);
  }

  public int update(String sql, Object... params) {
    return work(connection -> {
      try (PreparedStatement statement = prepare(connection, sql, params)) {
        return statement.executeUpdate();
      }
    });
  }

  /** Runs {@code sql} once per row of parameters, sent to the server {@code batchSize} rows at a time. */
  public void batch(String sql, List<Object[]> rows, int batchSize) {
    work(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        int pending = 0;
        for (Object[] row : rows) {
          bind(connection, statement, row);
          statement.addBatch();
          if (++pending == batchSize) {
            statement.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          statement.executeBatch();
        }
        return null;
      }
    });
  }

  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  public static Double nullableDouble(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  public static List<String> strings(ResultSet row, String column) throws SQLException {
    java.sql.Array array = row.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T work(Work<T> work) {
    if (entityManager.isJoinedToTransaction()) {
      entityManager.flush();
    }
    return entityManager.unwrap(Session.class).doReturningWork(work::run);
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] params)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    bind(connection, statement, params);
    return statement;
  }

  static void bind(Connection connection, PreparedStatement statement, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object param = params[i];
      if (param instanceof Instant instant) {
        statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else if (param instanceof Collection<?> values) {
        statement.setArray(i + 1, connection.createArrayOf("text", values.toArray()));
      } else if (param instanceof Enum<?> value) {
        statement.setString(i + 1, value.name());
      } else {
        statement.setObject(i + 1, param);
      }
    }
  }
}
