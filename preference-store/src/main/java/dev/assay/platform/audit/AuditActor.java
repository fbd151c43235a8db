package dev.assay.platform.audit;

import java.util.Optional;

/**
 * Who is acting, for callers that do not authenticate through the REST layer (the UI keeps its own
 * session). {@link AdminAudit} asks the request's security identity first, then these beans.
 */
public interface AuditActor {
  Optional<String> current();
}
