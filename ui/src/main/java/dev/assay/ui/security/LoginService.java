package dev.assay.ui.security;

import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.assay.platform.http.ClientAddresses;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.IdentityService.LoginResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.List;

/** Logs a user in to the UI session and out again. */
@ApplicationScoped
public class LoginService {
  private final IdentityService identities;
  private final ClientAddresses clientAddresses;

  public LoginService(IdentityService identities, ClientAddresses clientAddresses) {
    this.identities = identities;
    this.clientAddresses = clientAddresses;
  }

  /**
   * Checks the credentials (failures are throttled per user and per client address, the forwarded one
   * behind a trusted proxy); on success the
   * session id is renewed (no session fixation) and the user is set on the session.
   */
  public LoginResult login(String username, String password) {
    VaadinServletRequest request = VaadinServletRequest.getCurrent();
    String address = clientAddresses.resolve(request.getRemoteAddr(), header(request, "Forwarded"),
        header(request, "X-Forwarded-For"));
    LoginResult result = identities.login(username, password, address);
    if (result instanceof LoginResult.Accepted accepted) {
      VaadinService.reinitializeSession(request);
      CurrentUser.set(accepted.principal());
    }
    return result;
  }

  private static List<String> header(VaadinServletRequest request, String name) {
    return Collections.list(request.getHeaders(name));
  }

  public void logout() {
    VaadinSession session = VaadinSession.getCurrent();
    session.getSession().invalidate();
    session.close();
  }
}
