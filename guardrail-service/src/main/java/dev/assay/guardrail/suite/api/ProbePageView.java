package dev.assay.guardrail.suite.api;

import dev.assay.guardrail.suite.SuiteStore;
import java.util.List;

/** One page of a suite version's probes; {@code total} is the version's probe count. */
public record ProbePageView(List<ProbeView> items, int page, int size, long total) {
  static ProbePageView of(SuiteStore.ProbePage page) {
    return new ProbePageView(page.items().stream().map(ProbeView::of).toList(), page.page(), page.size(), page.total());
  }
}
