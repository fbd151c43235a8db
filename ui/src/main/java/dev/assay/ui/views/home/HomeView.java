package dev.assay.ui.views.home;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.views.MainLayout;
import jakarta.annotation.security.PermitAll;

/** The landing page after login. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Assay")
@PermitAll
public class HomeView extends VerticalLayout {
  public HomeView() {
    var user = CurrentUser.require();
    add(new H2("Welcome, " + user.name()),
        new Paragraph("Your roles: " + String.join(", ", user.roles())));
  }
}
