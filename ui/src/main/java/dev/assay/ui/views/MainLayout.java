package dev.assay.ui.views;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.LoginService;
import dev.assay.ui.views.home.HomeView;

/** The frame around every page: title, the user, logout, and the navigation their roles allow. */
public class MainLayout extends AppLayout {

  public MainLayout(LoginService logins) {
    H1 title = new H1("Assay");
    title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
    Span user = new Span(CurrentUser.get().map(p -> p.name()).orElse(""));
    Button logout = new Button("Log out", click -> {
      logins.logout();
      getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
    });
    HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, user, logout);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.expand(title);
    header.getStyle().set("padding", "0 var(--lumo-space-m)");
    addToNavbar(header);

    SideNav nav = new SideNav();
    nav.addItem(new SideNavItem("Home", HomeView.class));
    addToDrawer(nav);
  }
}
