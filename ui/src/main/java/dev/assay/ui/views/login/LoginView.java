package dev.assay.ui.views.login;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.platform.identity.IdentityService.LoginResult;
import dev.assay.ui.security.LoginService;

/** The login page: username and password, checked against the users in the database. */
@Route("login")
@PageTitle("Log in · Assay")
public class LoginView extends VerticalLayout {

  public LoginView(LoginService logins) {
    setSizeFull();
    setAlignItems(FlexComponent.Alignment.CENTER);
    setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
    LoginForm form = new LoginForm();
    form.setForgotPasswordButtonVisible(false);
    form.addLoginListener(event -> {
      LoginResult result = logins.login(event.getUsername(), event.getPassword());
      if (result instanceof LoginResult.Accepted) {
        getUI().ifPresent(ui -> ui.navigate(""));
        return;
      }
      LoginI18n i18n = LoginI18n.createDefault();
      if (result instanceof LoginResult.Throttled throttled) {
        i18n.getErrorMessage().setTitle("Too many failed attempts");
        i18n.getErrorMessage().setMessage(
            "Try again in " + Math.max(1, (throttled.retryAfterSeconds() + 59) / 60) + " minute(s).");
      }
      form.setI18n(i18n);
      form.setError(true);
    });
    Paragraph tagline = new Paragraph("Preference data, labeling and reward models");
    tagline.getStyle().set("color", "var(--lumo-secondary-text-color)");
    add(new H1("Assay"), tagline, form);
  }
}
