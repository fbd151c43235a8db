package dev.assay.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exports read through the cursor: every row, in order, and nothing the query does is kept. */
@QuarkusTest
class ReadOnlyCursorTest {
  // More rows than one fetch, so the cursor has to come back for the rest.
  private static final int ROWS = 2_500;

  @Inject ReadOnlyCursor cursor;
  @Inject AgroalDataSource dataSource;

  final String table = "cursor_rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeEach
  void createRows() throws SQLException {
    execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
    execute("INSERT INTO " + table + " SELECT generate_series(1, " + ROWS + ")");
  }

  @AfterEach
  void dropRows() throws SQLException {
    execute("DROP TABLE " + table);
  }

  @Test
  void handsOverEveryMatchingRowInOrderWithTheParametersBound() throws IOException {
    List<Integer> ids = new ArrayList<>();

    cursor.forEach("SELECT id FROM " + table + " WHERE id > ? ORDER BY id", row -> row.getInt(1), ids::add, 10);

    assertThat(ids).hasSize(ROWS - 10).startsWith(11, 12).endsWith(ROWS).isSorted();
  }

  @Test
  void whatTheQueryWritesIsRolledBack() throws IOException {
    List<Integer> inserted = new ArrayList<>();

    cursor.forEach("INSERT INTO " + table + " VALUES (?) RETURNING id", row -> row.getInt(1), inserted::add,
        ROWS + 1);

    assertThat(inserted).containsExactly(ROWS + 1);
    List<Integer> kept = new ArrayList<>();
    cursor.forEach("SELECT count(*) FROM " + table + " WHERE id = ?", row -> row.getInt(1), kept::add, ROWS + 1);
    assertThat(kept).containsExactly(0);
  }

  @Test
  void aFailingQueryIsAnIOExceptionNamingTheCause() {
    assertThatThrownBy(() -> cursor.forEach("SELECT missing FROM " + table, row -> row.getInt(1), row -> {}))
        .isInstanceOf(IOException.class).hasMessageContaining("missing");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
