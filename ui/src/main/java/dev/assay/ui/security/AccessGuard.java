package dev.assay.ui.security;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import dev.assay.ui.views.login.LoginView;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;

/**
 * Every view declares who may open it ({@link UiRoles} or {@code @PermitAll} for any logged-in user);
 * anonymous visitors are sent to the login view, users without the role get an error page.
 */
@ApplicationScoped
public class AccessGuard {
  void onServiceInit(@Observes ServiceInitEvent event) {
    event.getSource().addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(this::check));
  }

  private void check(BeforeEnterEvent event) {
    Class<?> target = event.getNavigationTarget();
    if (target == LoginView.class) {
      return;
    }
    if (CurrentUser.get().isEmpty()) {
      event.forwardTo(LoginView.class);
      return;
    }
    UiRoles allowed = target.getAnnotation(UiRoles.class);
    if (allowed != null && Arrays.stream(allowed.value()).noneMatch(CurrentUser::hasRole)) {
      event.rerouteToError(SecurityException.class, "Your role may not open this page");
    } else if (allowed == null && !target.isAnnotationPresent(PermitAll.class)) {
      event.rerouteToError(SecurityException.class, "This page declares no access rule");
    }
  }
}
