package dev.assay.ui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Serves a lazy grid's (offset, limit) windows from a service that pages by (page, size): the grid may ask
 * for any window, so the pages that cover it are read and cut to the window.
 */
public final class PagedFetch {
  /** Rows per service page. */
  public static final int PAGE_SIZE = 50;

  /** A service's page of rows. */
  @FunctionalInterface
  public interface Pages<T> {
    List<T> page(int page, int size);
  }

  private PagedFetch() {}

  public static <T> Stream<T> window(Pages<T> pages, int offset, int limit) {
    List<T> rows = new ArrayList<>();
    int first = offset / PAGE_SIZE;
    int last = (offset + Math.max(limit, 1) - 1) / PAGE_SIZE;
    for (int page = first; page <= last; page++) {
      List<T> items = pages.page(page, PAGE_SIZE);
      rows.addAll(items);
      if (items.size() < PAGE_SIZE) {
        break;
      }
    }
    int from = offset - first * PAGE_SIZE;
    return rows.subList(Math.min(from, rows.size()), Math.min(from + limit, rows.size())).stream();
  }
}
