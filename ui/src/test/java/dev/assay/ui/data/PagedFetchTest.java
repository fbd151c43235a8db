package dev.assay.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A grid's windows read from a service's pages: every row once, in order, across page borders. */
class PagedFetchTest {
  private static final List<Integer> ROWS = IntStream.range(0, 123).boxed().toList();

  private static List<Integer> page(int page, int size) {
    int from = Math.min(page * size, ROWS.size());
    return ROWS.subList(from, Math.min(from + size, ROWS.size()));
  }

  @Test
  void aWindowAcrossPageBordersIsCutFromThePagesThatCoverIt() {
    assertThat(PagedFetch.window(PagedFetchTest::page, 45, 60).toList())
        .isEqualTo(IntStream.range(45, 105).boxed().toList());
  }

  @Test
  void theLastWindowStopsAtTheLastRow() {
    assertThat(PagedFetch.window(PagedFetchTest::page, 100, 50).toList())
        .isEqualTo(IntStream.range(100, 123).boxed().toList());
    assertThat(PagedFetch.window(PagedFetchTest::page, 150, 50).toList()).isEmpty();
  }
}
