package dev.assay.store.record;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The store's SQL for a comparison's content, for callers that must read it inside a statement of their
 * own (the hand-out claims an item and reads its task in one round trip). Others use {@link
 * Comparisons#content}. Methods, not constants, so that javac does not copy the SQL into callers' class
 * files (see {@link PreferenceSql}).
 */
public final class ComparisonContentSql {
  /**
   * A select list and FROM clause giving {@code prompt_messages, body_a, body_b} of comparison {@code c}
   * (aliases {@code c, p, ta, tb} are taken). The caller may add joins of its own, then {@link #whereId()}.
   * Read the row with {@link #read}.
   */
  public static String columnsFrom() {
    return COLUMNS_FROM;
  }

  /** Restricts {@link #columnsFrom()} to one comparison; one parameter, its id. */
  public static String whereId() {
    return " WHERE c.id = ?";
  }

  private static final String COLUMNS_FROM =
      "CAST(p.messages AS text) AS prompt_messages, ta.body AS body_a, tb.body AS body_b"
          + " FROM comparison c JOIN prompt p ON p.hash = c.prompt_hash"
          + " JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash";

  private ComparisonContentSql() {}

  public static ComparisonContent read(ResultSet row) throws SQLException {
    return new ComparisonContent(row.getString("prompt_messages"), row.getString("body_a"), row.getString("body_b"));
  }
}
