package dev.assay.platform.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A WHERE clause of optional filters, for queries whose filters a client chooses: a filter without a value is
 * left out, and the values bind in the order the filters were added.
 */
public final class Where {
  private final StringBuilder clause = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  /**
   * Adds {@code condition} unless {@code value} is null; {@code value} binds to each of its {@code ?}, so
   * {@code "(a = ? OR b = ?)"} matches one value in either column.
   */
  public Where and(String condition, Object value) {
    if (value != null) {
      clause.append(clause.isEmpty() ? " WHERE " : " AND ").append(condition);
      condition.chars().filter(c -> c == '?').forEach(c -> params.add(value));
    }
    return this;
  }

  /** The clause with a leading space, or the empty text when no filter has a value. */
  public String clause() {
    return clause.toString();
  }

  /** The filters' values in order, then {@code more} (e.g. a page's limit and offset). */
  public Object[] params(Object... more) {
    List<Object> all = new ArrayList<>(params);
    all.addAll(Arrays.asList(more));
    return all.toArray();
  }
}
