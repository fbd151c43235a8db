package dev.assay.store.record;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The store's SQL for a comparison's content, for callers that must read it inside a statement of their
 * own (the hand-out claims an item and reads its task in one round trip). Others use {@link
 * Comparisons#content}.
 */
public final class ComparisonContentSql {
  /**
   * A select list and FROM clause giving {@code prompt_messages, body_a, body_b} of comparison {@code c}
   * (aliases {@code c, p, ta, tb} are taken). The caller may add joins of its own, then {@link #WHERE_ID}.
   * Read the row with {@link #read}.
   */
  public static final String COLUMNS_FROM =
      "CAST(p.messages AS text) AS prompt_messages, ta.body AS body_a, tb.body AS body_b"
          + " FROM comparison c JOIN prompt p ON p.hash = c.prompt_hash"
          + " JOIN text_blob ta ON ta.hash = c.response_a_hash JOIN text_blob tb ON tb.hash = c.response_b_hash";

  /** Restricts {@link #COLUMNS_FROM} to one comparison; one parameter, its id. */
  public static final String WHERE_ID = " WHERE c.id = ?";

  private ComparisonContentSql() {}

  public static ComparisonContent read(ResultSet row) throws SQLException {
    return new ComparisonContent(row.getString("prompt_messages"), row.getString("body_a"), row.getString("body_b"));
  }
}
