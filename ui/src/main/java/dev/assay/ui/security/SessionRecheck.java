package dev.assay.ui.security;

import com.vaadin.flow.server.HandlerHelper;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.SynchronizedRequestHandler;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.JsonConstants;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.IdentityService.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Re-checks the logged-in user on every UI request, so a deactivation or role change applies to open
 * sessions at once, not at their next login. The user's current state comes from
 * {@link IdentityService#currentUser}, cached for seconds and dropped on any change on any replica.
 *
 * <p>When the user changed, the request is not processed: the session takes the new roles (or loses
 * its user) and the browser is told its session expired, so it reloads and every view's access rule
 * is checked again before anything the user clicked can run.
 */
@ApplicationScoped
public class SessionRecheck extends SynchronizedRequestHandler {
  private final IdentityService identities;

  public SessionRecheck(IdentityService identities) {
    this.identities = identities;
  }

  void onServiceInit(@Observes ServiceInitEvent event) {
    event.addRequestHandler(this);
  }

  @Override
  public boolean synchronizedHandleRequest(VaadinSession session, VaadinRequest request, VaadinResponse response)
      throws IOException {
    Principal loggedIn = session.getAttribute(Principal.class);
    if (loggedIn == null) {
      return false;
    }
    Optional<Principal> now = identities.currentUser(loggedIn.name());
    if (now.isPresent() && now.get().roles().equals(loggedIn.roles())) {
      return false;
    }
    session.setAttribute(Principal.class, now.orElse(null));
    if (!HandlerHelper.isRequestType(request, HandlerHelper.RequestType.UIDL)) {
      return false; // a page load: the view's access rule runs with the new state
    }
    response.setContentType(JsonConstants.JSON_CONTENT_TYPE);
    byte[] body = VaadinService.createSessionExpiredJSON(false).getBytes(StandardCharsets.UTF_8);
    response.getOutputStream().write(body);
    return true;
  }
}
