package dev.assay.platform.jdbc;

import dev.assay.platform.problem.ProblemException;

/**
 * A page a client asked for, counted from 0, read as {@code LIMIT size OFFSET offset()}. Made by
 * {@link #of}, which refuses a page or size out of range with a 422 naming the query parameter.
 */
public record PageRequest(int page, int size) {
  /** The largest page most listings serve: enough for a screen or an export batch, small enough to hold. */
  public static final int MAX_SIZE = 1_000;

  /** A page of up to {@link #MAX_SIZE} rows. */
  public static PageRequest of(int page, int size) {
    return of(page, size, MAX_SIZE);
  }

  /**
   * A page of up to {@code maxSize} rows.
   *
   * @throws ProblemException 422 on {@code page} below 0 or on {@code size} outside 1 to {@code maxSize}
   */
  public static PageRequest of(int page, int size, int maxSize) {
    if (page < 0) {
      throw ProblemException.invalid("page", "page must be >= 0");
    }
    if (size < 1 || size > maxSize) {
      throw ProblemException.invalid("size", "size must be between 1 and " + maxSize);
    }
    return new PageRequest(page, size);
  }

  /** The rows before this page; a long, since a far page of a large size passes an int. */
  public long offset() {
    return (long) page * size;
  }
}
