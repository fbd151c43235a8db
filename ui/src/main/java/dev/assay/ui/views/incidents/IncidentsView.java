package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.Map;

/** Incidents, newest first, filtered by status; an admin opens one by hand here. A click opens its page. */
@Route(value = "incidents", layout = MainLayout.class)
@PageTitle("Incidents · Assay")
@UiRoles(Roles.ADMIN)
public class IncidentsView extends Div {
  static final String UNRESOLVED = "unresolved";

  private final IncidentService incidents;
  private final Grid<Incident> grid = new Grid<>();
  private final Select<String> status = new Select<>();

  public IncidentsView(IncidentService incidents) {
    this.incidents = incidents;
    addClassName("page");
    NewIncidentForm form = new NewIncidentForm();
    form.addOpenListener(this::open);
    Div formCard = new Div(form);
    formCard.addClassName("card");

    status.setLabel("Status");
    status.setItems(UNRESOLVED, Incident.OPEN, Incident.MITIGATED, Incident.RESOLVED, "all");
    status.setValue(UNRESOLVED);
    status.setId("incident-status-filter");
    status.addValueChangeListener(e -> refresh());
    grid.addColumn(Incident::id).setHeader("#").setAutoWidth(true);
    grid.addColumn(Incident::title).setHeader("Title").setFlexGrow(3);
    grid.addColumn(Incident::severity).setHeader("Severity").setAutoWidth(true);
    grid.addColumn(Incident::status).setHeader("Status").setAutoWidth(true);
    grid.addColumn(i -> i.owner() == null ? "-" : i.owner()).setHeader("Owner").setAutoWidth(true);
    grid.addColumn(i -> IncidentView.TIME.format(i.openedAt())).setHeader("Opened").setAutoWidth(true);
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    grid.setAllRowsVisible(true);
    grid.setId("incident-grid");
    grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(IncidentView.class, e.getItem().id())));
    Div listCard = new Div(status, grid);
    listCard.addClassName("card");
    add(new H2("Incidents"), formCard, listCard);
    refresh();
  }

  private void open(NewIncidentForm.OpenEvent event) {
    try {
      Incident incident = incidents.open(new IncidentService.Draft(event.title, event.severity, event.owner,
          event.policy.isEmpty() ? Map.of() : Map.of("policy", event.policy)), CurrentUser.require().name());
      event.getSource().clear();
      getUI().ifPresent(ui -> ui.navigate(IncidentView.class, incident.id()));
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void refresh() {
    grid.setItems(incidents.list("all".equals(status.getValue()) ? null : status.getValue()));
  }
}
