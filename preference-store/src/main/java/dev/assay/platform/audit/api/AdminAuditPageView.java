package dev.assay.platform.audit.api;

import dev.assay.platform.audit.AdminAudit;
import java.util.List;

/** One page of admin actions, newest first, and how many match the filters in all. */
public record AdminAuditPageView(List<AdminAudit.Entry> items, int page, int size, long total) {
  public static AdminAuditPageView of(AdminAudit.Page page) {
    return new AdminAuditPageView(page.items(), page.page(), page.size(), page.total());
  }
}
