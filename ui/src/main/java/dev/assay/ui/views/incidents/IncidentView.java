package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.assay.guardrail.incident.Incident;
import dev.assay.guardrail.incident.IncidentMarkdown;
import dev.assay.guardrail.incident.IncidentService;
import dev.assay.guardrail.incident.Mitigations;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.KeySummary;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One incident at {@code incident/{id}}: what it is about, its status moves, the mitigations (each confirmed
 * first), its timeline, notes, post-mortem and markdown download. Acts through the incident services.
 */
@Route(value = "incident", layout = MainLayout.class)
@PageTitle("Incident · Assay")
@UiRoles(Roles.ADMIN)
public class IncidentView extends Div implements HasUrlParameter<Long> {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final IncidentService incidents;
  private final Mitigations mitigations;
  private final IdentityService identities;
  private final H2 title = new H2();
  private final Paragraph facts = new Paragraph();
  private final Paragraph links = new Paragraph();
  private final Button mitigated = new Button("Mark mitigated");
  private final Button resolve = new Button("Resolve");
  private final Button reopen = new Button("Reopen");
  private final Anchor download = new Anchor();
  private final MitigationForm mitigationForm = new MitigationForm();
  private final Grid<Incident.Event> timeline = new Grid<>();
  private final NoteForm noteForm = new NoteForm();
  private final PostmortemForm postmortemForm = new PostmortemForm();
  private long id;

  public IncidentView(IncidentService incidents, Mitigations mitigations, IdentityService identities) {
    this.incidents = incidents;
    this.mitigations = mitigations;
    this.identities = identities;
    addClassName("page");
    title.setId("incident-heading");
    facts.setId("incident-facts");
    links.addClassName("muted");
    mitigated.setId("incident-mitigated");
    resolve.setId("incident-resolve");
    reopen.setId("incident-reopen");
    mitigated.addClickListener(e -> move(Incident.MITIGATED));
    resolve.addClickListener(e -> move(Incident.RESOLVED));
    reopen.addClickListener(e -> move(Incident.OPEN));
    resolve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    download.setText("Download markdown");
    download.setId("incident-download");
    HorizontalLayout statusRow = new HorizontalLayout(mitigated, resolve, reopen, download);
    statusRow.setAlignItems(HorizontalLayout.Alignment.CENTER);
    Div header = new Div(facts, links, statusRow);
    header.addClassName("card");

    mitigationForm.addMitigateListener(e -> confirm(e.mitigation));
    mitigationForm.addClassName("card");

    timeline.addColumn(event -> TIME.format(event.at())).setHeader("At").setAutoWidth(true);
    timeline.addColumn(Incident.Event::kind).setHeader("Event").setAutoWidth(true);
    timeline.addColumn(Incident.Event::actor).setHeader("By").setAutoWidth(true);
    timeline.addColumn(Incident.Event::summary).setHeader("What").setFlexGrow(3);
    timeline.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    timeline.setAllRowsVisible(true);
    timeline.setId("incident-timeline");
    noteForm.addNoteListener(e -> act(() -> incidents.note(id, e.text, user()), "Note added", noteForm::clear));
    Div timelineCard = new Div(new H3("Timeline"), timeline, noteForm);
    timelineCard.addClassName("card");

    postmortemForm.addSaveListener(e -> act(() -> incidents.writePostmortem(id, e.markdown, user()),
        "Post-mortem saved", () -> {}));
    postmortemForm.addClassName("card");
    add(title, header, mitigationForm, timelineCard, postmortemForm);
  }

  @Override
  public void setParameter(BeforeEvent event, Long incidentId) {
    id = incidentId;
    Incident incident;
    try {
      incident = incidents.get(id);
    } catch (ProblemException e) {
      removeAll();
      add(new H2("Incidents"), new Paragraph(e.getMessage()));
      return;
    }
    show(incident);
    postmortemForm.show(incident.postmortem());
    long shown = id;
    DownloadHandler markdown = request -> {
      request.setFileName("incident-" + shown + ".md");
      request.setContentType("text/markdown");
      request.getOutputStream().write(IncidentMarkdown.render(incidents.get(shown), incidents.timeline(shown))
          .getBytes(StandardCharsets.UTF_8));
    };
    download.setHref(markdown, AttachmentType.DOWNLOAD);
  }

  private void show(Incident incident) {
    title.setText("Incident " + incident.id() + ": " + incident.title());
    facts.removeAll();
    facts.add(new Span(incident.severity() + " · " + incident.status() + " · owner "
        + (incident.owner() == null ? "nobody" : incident.owner()) + " · opened " + TIME.format(incident.openedAt())
        + " by " + incident.openedBy()));
    links.setText(incident.links().isEmpty() ? "No linked versions" : incident.links().entrySet().stream()
        .map(link -> link.getKey() + " " + link.getValue()).collect(Collectors.joining(" · ")));
    mitigated.setEnabled(incident.canMoveTo(Incident.MITIGATED));
    resolve.setEnabled(incident.canMoveTo(Incident.RESOLVED));
    reopen.setEnabled(incident.canMoveTo(Incident.OPEN));
    mitigationForm.setEnabled(!incident.resolved());
    String caller = incident.links().get("caller");
    List<KeySummary> keys = identities.keys().stream().filter(k -> k.revokedAt() == null)
        .filter(k -> caller == null || caller.equals(k.owner()))
        .sorted(Comparator.comparingLong(KeySummary::id)).toList();
    mitigationForm.offer(incident.links().get("policy"), keys);
    timeline.setItems(incidents.timeline(incident.id()));
  }

  private void move(String status) {
    act(() -> incidents.changeStatus(id, status, user()), "Incident " + status, () -> {});
  }

  private void confirm(Mitigation mitigation) {
    ConfirmDialog dialog = new ConfirmDialog("Mitigate incident " + id, mitigation.question(), "Confirm",
        e -> act(() -> apply(mitigation), "Done", () -> {}));
    dialog.setCancelable(true);
    dialog.setConfirmButtonTheme("error primary");
    dialog.setId("mitigation-confirm");
    dialog.open();
  }

  private Incident.Event apply(Mitigation mitigation) {
    return switch (mitigation) {
      case Mitigation.ModelRollback m -> mitigations.rollBackModel(id, m.kind(), m.classifier(), user());
      case Mitigation.PolicyRollback m -> mitigations.rollBackPolicy(id, m.policy(), user());
      case Mitigation.PolicySwitch m -> mitigations.promotePolicy(id, m.policy(), m.version(), user());
      case Mitigation.KeyRateLimit m -> mitigations.rateLimitKey(id, m.keyId(), m.requestsPerSecond(), m.burst(), user());
      case Mitigation.KeyRevocation m -> mitigations.revokeKey(id, m.keyId(), user());
    };
  }

  /** Runs an action, shows its outcome (a refusal's detail as an error) and the incident as it now is. */
  private void act(Runnable action, String done, Runnable after) {
    try {
      action.run();
      Toasts.show(done, false);
      after.run();
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
    show(incidents.get(id));
  }

  private static String user() {
    return CurrentUser.require().name();
  }
}
