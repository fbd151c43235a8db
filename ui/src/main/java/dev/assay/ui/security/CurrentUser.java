package dev.assay.ui.security;

import com.vaadin.flow.server.VaadinSession;
import dev.assay.platform.identity.IdentityService.Principal;
import java.util.Optional;

/** The user logged in to this browser session (the UI keeps its own session; REST uses API keys). */
public final class CurrentUser {
  private CurrentUser() {}

  public static Optional<Principal> get() {
    VaadinSession session = VaadinSession.getCurrent();
    return session == null ? Optional.empty() : Optional.ofNullable(session.getAttribute(Principal.class));
  }

  public static Principal require() {
    return get().orElseThrow(() -> new IllegalStateException("No user is logged in"));
  }

  static void set(Principal principal) {
    VaadinSession.getCurrent().setAttribute(Principal.class, principal);
  }

  public static boolean hasRole(String role) {
    return get().map(p -> p.roles().contains(role)).orElse(false);
  }
}
