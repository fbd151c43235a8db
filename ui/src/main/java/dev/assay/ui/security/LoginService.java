package dev.assay.ui.security;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.IdentityService.LoginResult;
import jakarta.enterprise.context.ApplicationScoped;

/** Logs a user in to the UI session and out again. */
@ApplicationScoped
public class LoginService {
  private final IdentityService identities;

  public LoginService(IdentityService identities) {
    this.identities = identities;
  }

  /**
   * Checks the credentials (failures are throttled per user and per client address); on success the
   * session id is renewed (no session fixation) and the user is set on the session.
   */
  public LoginResult login(String username, String password) {
    VaadinServletRequest request = VaadinServletRequest.getCurrent();
    LoginResult result = identities.login(username, password, request.getRemoteAddr());
    if (result instanceof LoginResult.Accepted accepted) {
      VaadinService.reinitializeSession(request);
      CurrentUser.set(accepted.principal());
    }
    return result;
  }

  public void logout() {
    VaadinSession session = VaadinSession.getCurrent();
    session.getSession().invalidate();
    session.close();
  }
}
