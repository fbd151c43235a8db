package dev.assay.ui.views;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.assay.platform.identity.Roles;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.LoginService;
import dev.assay.ui.views.alertrules.AlertRulesView;
import dev.assay.ui.views.audit.AuditView;
import dev.assay.ui.views.builds.BuildsView;
import dev.assay.ui.views.campaigns.CampaignsView;
import dev.assay.ui.views.datasets.DatasetsView;
import dev.assay.ui.views.failures.FailuresView;
import dev.assay.ui.views.home.HomeView;
import dev.assay.ui.views.incidents.IncidentsView;
import dev.assay.ui.views.models.ModelCardView;
import dev.assay.ui.views.policies.PoliciesView;
import dev.assay.ui.views.redteam.RedTeamView;
import dev.assay.ui.views.review.ReviewView;
import dev.assay.ui.views.safety.SafetyView;
import dev.assay.ui.views.suites.SuitesView;
import dev.assay.ui.views.training.TrainingView;
import dev.assay.ui.views.users.UsersView;

/** The frame around every page: title, the user, logout, and the navigation their roles allow. */
public class MainLayout extends AppLayout {

  public MainLayout(LoginService logins) {
    Div brand = new Div(new Span("A"), new Span("Assay"));
    brand.getChildren().findFirst().ifPresent(mark -> ((Span) mark).addClassName("brand-mark"));
    brand.addClassName("brand");
    Span user = new Span(CurrentUser.get().map(p -> p.name()).orElse(""));
    user.addClassName("muted");
    Button logout = new Button("Log out", click -> {
      logins.logout();
      getUI().ifPresent(ui -> ui.getPage().setLocation("login"));
    });
    logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
    DrawerToggle toggle = new DrawerToggle();
    toggle.setAriaLabel("Menu");
    HorizontalLayout header = new HorizontalLayout(toggle, brand, user, logout);
    header.setWidthFull();
    header.setAlignItems(FlexComponent.Alignment.CENTER);
    header.expand(brand);
    header.getStyle().set("padding", "0 var(--lumo-space-m) 0 0");
    addToNavbar(header);

    SideNav nav = new SideNav();
    nav.setLabel("Navigation");
    nav.addItem(new SideNavItem("My work", HomeView.class, VaadinIcon.HOME.create()));
    if (CurrentUser.hasRole(Roles.ADMIN)) {
      nav.addItem(new SideNavItem("Campaigns", CampaignsView.class, VaadinIcon.TASKS.create()));
      nav.addItem(new SideNavItem("Review queue", ReviewView.class, VaadinIcon.SCALE_UNBALANCE.create()));
      nav.addItem(new SideNavItem("Users & keys", UsersView.class, VaadinIcon.USERS.create()));
      nav.addItem(new SideNavItem("Decision audit", AuditView.class, VaadinIcon.RECORDS.create()));
      nav.addItem(new SideNavItem("Incidents", IncidentsView.class, VaadinIcon.FIRE.create()));
      nav.addItem(new SideNavItem("Alert rules", AlertRulesView.class, VaadinIcon.BELL.create()));
    }
    if (CurrentUser.hasRole(Roles.ADMIN) || CurrentUser.hasRole(Roles.RESEARCHER)) {
      nav.addItem(new SideNavItem("Safety", SafetyView.class, VaadinIcon.DASHBOARD.create()));
      nav.addItem(new SideNavItem("Datasets", DatasetsView.class, VaadinIcon.DATABASE.create()));
      nav.addItem(new SideNavItem("Policies", PoliciesView.class, VaadinIcon.FILE_CODE.create()));
      nav.addItem(new SideNavItem("Red team", RedTeamView.class, VaadinIcon.BUG.create()));
      nav.addItem(new SideNavItem("Suites", SuitesView.class, VaadinIcon.SHIELD.create()));
      nav.addItem(new SideNavItem("Failures", FailuresView.class, VaadinIcon.WARNING.create()));
      nav.addItem(new SideNavItem("Training", TrainingView.class, VaadinIcon.CHART_LINE.create()));
      nav.addItem(new SideNavItem("Builds & leaderboard", BuildsView.class, VaadinIcon.TROPHY.create()));
      nav.addItem(new SideNavItem("Models", ModelCardView.class, VaadinIcon.CLUSTER.create()));
    }
    addToDrawer(nav);
    setPrimarySection(Section.DRAWER);
  }
}
