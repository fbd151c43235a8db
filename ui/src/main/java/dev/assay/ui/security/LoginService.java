package dev.assay.ui.security;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.assay.platform.identity.IdentityService;
import jakarta.enterprise.context.ApplicationScoped;

/** Logs a user in to the UI session and out again. */
@ApplicationScoped
public class LoginService {
  private final IdentityService identities;

  public LoginService(IdentityService identities) {
    this.identities = identities;
  }

  /** True when the credentials are valid; the session id is renewed on login (no session fixation). */
  public boolean login(String username, String password) {
    return identities.login(username, password).map(principal -> {
      VaadinService.reinitializeSession(VaadinServletRequest.getCurrent());
      CurrentUser.set(principal);
      return true;
    }).orElse(false);
  }

  public void logout() {
    VaadinSession session = VaadinSession.getCurrent();
    session.getSession().invalidate();
    session.close();
  }
}
