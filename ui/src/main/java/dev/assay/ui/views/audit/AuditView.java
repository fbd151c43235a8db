package dev.assay.ui.views.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.assay.guardrail.audit.AuditQueries;
import dev.assay.platform.export.ExportFormat;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.data.PagedFetch;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.views.redteam.TracePanel;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The decision audit: every audited guardrail decision, searched by time (UTC), policy, decision, caller and the
 * hash of a prompt or a response, paged newest first; a row opens its trace; the export downloads what the
 * filters show, in the REST export's formats. Admins only, as the REST audit.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Decision audit · Assay")
@UiRoles(Roles.ADMIN)
public class AuditView extends Div {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(
      ZoneOffset.UTC);

  private final AuditQueries audit;
  private final ObjectMapper json;
  private final DateTimePicker from = new DateTimePicker("From (UTC)");
  private final DateTimePicker to = new DateTimePicker("To (UTC)");
  private final TextField policy = new TextField("Policy");
  private final Select<String> decision = new Select<>();
  private final TextField caller = new TextField("Caller");
  private final TextField textHash = new TextField("Text hash");
  private final Span total = new Span();
  private final Grid<AuditedDecision> decisions = new Grid<>();
  private final TracePanel trace = new TracePanel();
  /** Read by the export downloads, which run outside the UI lock. */
  private volatile AuditQueries.Filter filter = new AuditQueries.Filter(null, null, null, null, null, null);

  public AuditView(AuditQueries audit, ObjectMapper json) {
    this.audit = audit;
    this.json = json;
    addClassName("page");
    setId("audit");

    from.setId("audit-from");
    to.setId("audit-to");
    policy.setId("audit-policy");
    caller.setId("audit-caller");
    textHash.setId("audit-text-hash");
    textHash.setHelperText("SHA-256 of a response, or of a prompt's messages as JSON");
    decision.setLabel("Decision");
    decision.setId("audit-decision");
    decision.setItems("allow", "flag", "redact", "escalate", "block");
    decision.setEmptySelectionAllowed(true);
    decision.setEmptySelectionCaption("any");
    for (TextField field : List.of(policy, caller, textHash)) {
      field.setClearButtonVisible(true);
      field.addKeyPressListener(Key.ENTER, e -> search());
    }
    Button search = new Button("Search", e -> search());
    search.setId("audit-search");
    search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    Anchor csv = new Anchor(download(ExportFormat.CSV), AttachmentType.DOWNLOAD, "Export CSV");
    csv.setId("audit-export-csv");
    Anchor jsonLines = new Anchor(download(ExportFormat.JSONL), AttachmentType.DOWNLOAD, "Export JSON lines");
    jsonLines.setId("audit-export-jsonl");
    total.addClassName("muted");
    total.setId("audit-total");
    FormLayout filters = new FormLayout(from, to, policy, decision, caller, textHash);
    filters.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 3));
    HorizontalLayout actions = new HorizontalLayout(search, csv, jsonLines, total);
    actions.setAlignItems(FlexComponent.Alignment.CENTER);
    Div filterCard = new Div(filters, actions);
    filterCard.addClassName("card");

    decisions.addColumn(d -> WHEN.format(d.decidedAt())).setHeader("Decided (UTC)").setAutoWidth(true);
    decisions.addColumn(AuditedDecision::caller).setHeader("Caller").setAutoWidth(true);
    decisions.addColumn(d -> d.policy() + " v" + d.policyVersion()).setHeader("Policy").setAutoWidth(true);
    decisions.addComponentColumn(d -> {
      Span badge = new Span(d.decision());
      badge.addClassName("decision-badge");
      badge.getElement().setAttribute("data-decision", d.decision());
      return badge;
    }).setHeader("Decision").setAutoWidth(true);
    decisions.addColumn(d -> String.join("; ", d.reasons())).setHeader("Reasons").setFlexGrow(2);
    decisions.addColumn(d -> String.format(Locale.ROOT, "%.1f ms", d.latencyMs())).setHeader("Latency")
        .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    decisions.addColumn(AuditedDecision::traceId).setHeader("Trace id").setAutoWidth(true);
    decisions.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    decisions.setPageSize(PagedFetch.PAGE_SIZE);
    decisions.setHeight("28em");
    decisions.setId("audit-grid");
    decisions.addItemClickListener(e -> open(e.getItem()));
    Div gridCard = new Div(new H3("Decisions, newest first"), decisions);
    gridCard.addClassName("card");

    add(new H2("Decision audit"), filterCard, gridCard, trace);
    search();
  }

  private DownloadHandler download(ExportFormat format) {
    return event -> {
      event.setFileName("guardrail-audit." + format.extension());
      event.setContentType(format.mediaType());
      audit.export(filter, format, event.getOutputStream());
    };
  }

  private void search() {
    try {
      AuditQueries.Filter current = new AuditQueries.Filter(blank(policy), decision.getValue(), blank(caller),
          instant(from.getValue()), instant(to.getValue()), AuditQueries.textHash(blank(textHash)));
      long count = audit.page(current, 0, 1).total();
      filter = current;
      total.setText(count + (count == 1 ? " decision" : " decisions"));
      decisions.setItems(query -> PagedFetch.window((page, size) -> audit.page(current, page, size).items().stream()
              .map(row -> AuditedDecision.of(row, json)).toList(), query.getOffset(), query.getLimit()),
          query -> (int) Math.min(Integer.MAX_VALUE, count));
      trace.setVisible(false);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void open(AuditedDecision row) {
    trace.show(row.policy(), row.policyVersion(), row.decision(), row.reasons(), row.trace(), row.latencyMs());
    trace.getElement().setAttribute("data-trace-id", row.traceId());
    trace.scrollIntoView();
  }

  private static Instant instant(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  private static String blank(TextField field) {
    String value = field.getValue().strip();
    return value.isEmpty() ? null : value;
  }
}
