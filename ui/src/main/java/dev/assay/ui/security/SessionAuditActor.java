package dev.assay.ui.security;

import dev.assay.platform.audit.AuditActor;
import dev.assay.platform.identity.IdentityService.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Names the UI's logged-in user in the admin audit (the UI keeps its own session, not a security identity). */
@ApplicationScoped
public class SessionAuditActor implements AuditActor {
  @Override
  public Optional<String> current() {
    return CurrentUser.get().map(Principal::name);
  }
}
