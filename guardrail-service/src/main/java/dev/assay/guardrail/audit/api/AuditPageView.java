package dev.assay.guardrail.audit.api;

import dev.assay.guardrail.audit.AuditQueries;
import java.util.List;
import java.util.Map;

/** One page of audited decisions, newest first, and how many match the filters in all. */
public record AuditPageView(List<Map<String, Object>> items, int page, int size, long total) {
  public static AuditPageView of(AuditQueries.Page page) {
    return new AuditPageView(page.items(), page.page(), page.size(), page.total());
  }
}
